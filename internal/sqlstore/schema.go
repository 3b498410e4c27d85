package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
)

// Kind is how a column's values are compared and converted between the
// databases (lmo copy): TEXT/text, INTEGER/bigint, INTEGER 0-1/boolean,
// fixed-width TEXT/timestamptz, REAL/double precision.
type Kind int

// The kinds of column.
const (
	Text Kind = iota
	Int
	Bool
	Time
	Float
)

// Column is one column of a table.
type Column struct {
	Name string
	Kind Kind
}

// Table is one table of the observatory as lmo copy reads and writes it.
type Table struct {
	Name    string
	Columns []Column
	Key     []string // the primary key: the order of reads and checksums
	// Identity is true for tables whose id PostgreSQL generates from a
	// sequence, which a copy must move past the copied ids.
	Identity bool
}

// Tables lists every table that holds the observatory's data, in
// foreign-key order, with its columns. A module that adds a table adds it
// here; TestSchema on each database fails until it does. A column is "name"
// (text) or "name:int", "name:bool", "name:time", "name:float".
var Tables = []Table{
	table("regions", "code kind name parent source source_url source_checked", "code", false),
	table("countries", "code alpha3 numeric name_en name_source name_iso name_official name_fr name_es m49_region m49_subregion m49_intermediate ilo_region", "code", false),
	table("vocabularies", "id name description source position:int", "id", false),
	table("terms", "vocabulary_id code label description position:int", "vocabulary_id code", false),
	table("term_translations", "vocabulary_id code lang label source_url official:bool", "vocabulary_id code lang", false),
	table("region_translations", "code lang name source_url official:bool", "code lang", false),
	table("organisations", "id:int name acronym type country", "id", true),
	table("practices", "id:int slug title summary description global:bool start_year:int end_year:int status results evidence_level language contact review_status version:int created_at:time updated_at:time lessons facts_checked owner_id:int", "id", true),
	table("practice_countries", "practice_id:int country role position:int", "practice_id country role", false),
	table("practice_corridors", "practice_id:int origin destination position:int", "practice_id origin destination", false),
	table("practice_terms", "practice_id:int vocabulary_id code position:int", "practice_id vocabulary_id code", false),
	table("practice_organisations", "practice_id:int organisation_id:int role position:int", "practice_id organisation_id role", false),
	table("practice_sources", "practice_id:int position:int title publisher url year:int", "practice_id position", false),
	table("practice_evaluations", "practice_id:int position:int title publisher url year:int", "practice_id position", false),
	table("practice_texts", "practice_id:int lang title summary source_url", "practice_id lang", false),
	table("practice_facets", "facet value practice_id:int", "facet value practice_id", false),
	table("revisions", "kind entity_id:int version:int author_id:int author note created_at:time snapshot", "kind entity_id version", false),
	table("review_comments", "id:int kind entity_id:int version:int author_id:int author action body created_at:time", "id", true),
	table("suggestions", "id:int kind entity_id:int author_id:int author body source_title source_url status created_at:time resolver_id:int resolver resolved_at:time resolution", "id", true),
	table("accounts", "id:int email email_key name role password_hash disabled:bool created_at:time last_sign_in:time", "id", true),
	table("api_tokens", "id:int hash account_id:int name scope created_at:time last_used:time revoked_at:time", "id", true),
	table("audit_log", "id:int created_at:time actor actor_id:int action entity entity_id detail address", "id", true),
	table("instruments", "code kind title short_title adopted entry_into_force in_force_rule in_force_months:int in_force_first_of_month:bool revises text_url complete_to source_url", "code", false),
	table("instrument_translations", "code lang title short_title source_url official:bool", "code lang", false),
	table("ratification_events", "id:int instrument country event date date_first date_last note source_url", "id", true),
	table("partners", "id:int slug name acronym type website country summary version:int created_at:time updated_at:time", "id", true),
	table("partner_memberships", "partner_id:int position:int of_id:int joined left_on source_title source_publisher source_url source_year:int", "partner_id position", false),
	table("partner_sources", "partner_id:int position:int title publisher url year:int", "partner_id position", false),
	table("projects", "id:int slug title acronym summary global:bool start_date start_first end_date end_last budget_amount:int budget_currency budget_note website facts_checked review_status version:int owner_id:int created_at:time updated_at:time", "id", true),
	table("project_countries", "project_id:int country", "project_id country", false),
	table("project_partners", "project_id:int role position:int partner_id:int", "project_id role position", false),
	table("project_themes", "project_id:int position:int theme", "project_id position", false),
	table("project_practices", "project_id:int position:int practice", "project_id position", false),
	table("project_instruments", "project_id:int position:int instrument", "project_id position", false),
	table("project_sources", "project_id:int position:int title publisher url year:int", "project_id position", false),
	table("datasets", "code edition publisher title url licence licence_url citation retrieved imported:time", "code edition", false),
	table("indicators", "code dataset title unit definition current_edition", "code", false),
	table("stat_series", "id:int indicator edition", "id", true),
	table("aggregates", "code name", "code", false),
	table("observations", "series:int area origin sex age migrant activity occupation other source period_start:int period_end:int period value:float status note changed:int",
		"series area origin sex age migrant activity occupation other source period_start period_end", false),
	table("agreements", "id:int slug title type regional signed signed_first in_force in_force_first ended ended_last benefits_abroad totalisation domestic_workers workers summary facts_checked review_status version:int owner_id:int created_at:time updated_at:time", "id", true),
	table("agreement_parties", "agreement_id:int country", "agreement_id country", false),
	table("agreement_branches", "agreement_id:int branch", "agreement_id branch", false),
	table("agreement_sources", "agreement_id:int position:int title publisher url year:int", "agreement_id position", false),
}

// NotCopied names what the databases hold beside Tables, and why a copy
// leaves it out: derived data that RebuildIndexes writes on the target, the
// counters of what nodes cache, and the migrations' own bookkeeping. A
// table or column is listed as "table" or "table.column"; a trailing * is a
// prefix.
var NotCopied = map[string]string{
	"practices_fts*":     "SQLite's full-text index of practices (and FTS5's shadow tables), derived",
	"practices.search":   "PostgreSQL's full-text vector of practices, derived",
	"practice_changes":   "which practices each practices_version changed, for nodes' incremental index updates; a copy starts a new log (RebuildIndexes moves the version without logging, so nodes rebuild)",
	"practices_version":  "the counter that tells nodes to rebuild their search index; RebuildIndexes moves it",
	"reference_version":  "the counter that tells nodes to reload labels; a copy moves it",
	"standards_version":  "the counter of changes to instruments and events; a copy moves it",
	"statistics_version": "the counter of changes to the statistics; a copy moves it",
	"projects_version":   "the counter of changes to projects and organisations; a copy moves it",
	"agreements_version": "the counter of changes to agreements; a copy moves it",
	"goose_db_version":   "the migrations applied, kept by goose on each database",
	"sessions":           "signed-in sessions belong to the deployment that opened them: after a copy people sign in again on the target (a copied session would also outlive a forced copy's new accounts)",
	"sign_in_links":      "one-time links are handed to one person for one deployment; an administrator makes new ones on the target",
	"sign_in_failures":   "the throttling window of failed sign-ins, fifteen minutes long; a copy starts with none",
}

// table builds a Table from its compact specification.
func table(name, columns, key string, identity bool) Table {
	t := Table{Name: name, Key: strings.Fields(key), Identity: identity}
	kinds := map[string]Kind{"": Text, "int": Int, "bool": Bool, "time": Time, "float": Float}
	for _, f := range strings.Fields(columns) {
		n, k, _ := strings.Cut(f, ":")
		kind, ok := kinds[k]
		if !ok {
			panic("sqlstore: unknown column kind " + f)
		}
		t.Columns = append(t.Columns, Column{n, kind})
	}
	for _, k := range t.Key {
		if t.column(k) == nil {
			panic("sqlstore: key column " + k + " not in " + name)
		}
	}
	return t
}

func (t Table) column(name string) *Column {
	for i := range t.Columns {
		if t.Columns[i].Name == name {
			return &t.Columns[i]
		}
	}
	return nil
}

func (t Table) columnList() string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return strings.Join(names, ", ")
}

// notCopied reports whether a table or "table.column" is in NotCopied.
func notCopied(name string) bool {
	for k := range NotCopied {
		if k == name || strings.HasSuffix(k, "*") && strings.HasPrefix(name, strings.TrimSuffix(k, "*")) {
			return true
		}
	}
	return false
}

// CheckSchema compares Tables and NotCopied with the tables and columns the
// database really has, and returns an error that names every table or column
// that one has and the other lacks: a table a module added without listing
// it would otherwise be left out of lmo copy without a word.
func (db *DB) CheckSchema(ctx context.Context) error {
	real := map[string][]string{}
	err := db.readIn(ctx, func(tx *Tx) error {
		return tx.Each(ctx, db.dialect.ColumnsSQL(), nil, func(rows *sql.Rows) error {
			var table, column string
			err := rows.Scan(&table, &column)
			real[table] = append(real[table], column)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("read the schema: %w", err)
	}
	var problems []string
	listed := map[string]bool{}
	for _, t := range Tables {
		listed[t.Name] = true
		cols, ok := real[t.Name]
		if !ok {
			problems = append(problems, fmt.Sprintf("table %s is listed but the database has none", t.Name))
			continue
		}
		for _, c := range t.Columns {
			if !slices.Contains(cols, c.Name) {
				problems = append(problems, fmt.Sprintf("column %s.%s is listed but the database has none", t.Name, c.Name))
			}
		}
		for _, c := range cols {
			if t.column(c) == nil && !notCopied(t.Name+"."+c) {
				problems = append(problems, fmt.Sprintf("column %s.%s is in the database but not in sqlstore.Tables", t.Name, c))
			}
		}
	}
	for name := range real {
		if !listed[name] && !notCopied(name) {
			problems = append(problems, fmt.Sprintf("table %s is in the database but neither in sqlstore.Tables nor in NotCopied", name))
		}
	}
	if len(problems) > 0 {
		slices.Sort(problems)
		return fmt.Errorf("%s schema: %s", db.dialect.Name(), strings.Join(problems, "; "))
	}
	return nil
}
