package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/lmo-observatory/lmo"
	"github.com/lmo-observatory/lmo/ingest"
)

// statisticsKind is a kind of statistics file lmo import reads: its name
// on the command line, what the file is, and its reader.
type statisticsKind struct {
	name, file, help string
	// bytes says whether the reading of the file's bytes tells how far an
	// import has gone (not for a workbook, which is read whole at once).
	bytes bool
	read  func(in *statisticsInput) (*ingest.StatisticsFile, error)
}

// statisticsInput is an open statistics file and what its reader needs.
type statisticsInput struct {
	path    string        // as given
	file    *countingFile // the file whose reading the progress follows
	areas   *lmo.AreaIndex
	ilostat ingest.ILOSTATOptions
	closers []func()
}

// statisticsKinds are the publishers' files lmo import reads, by name.
var statisticsKinds = []statisticsKind{
	{"undesa-stock", "FILE.xlsx", "Import a UN DESA International Migrant Stock workbook by sex and destination (undesa_pd_2020_ims_stock_by_sex_and_destination.xlsx): the migrant stock, its share of the population and the female share, for every country, region and UN DESA grouping, every year.",
		false, func(in *statisticsInput) (*ingest.StatisticsFile, error) {
			return ingest.UNDESAStock(in.file, in.file.size, in.areas)
		}},
	{"undesa-origin", "FILE.csv", "Import a UN DESA International Migrant Stock table by origin and destination, exported to CSV (UN_MigrantStockFemale_2019.csv): the stock of each corridor, every year.",
		true, func(in *statisticsInput) (*ingest.StatisticsFile, error) {
			return ingest.UNDESAOrigin(in.file, in.areas)
		}},
	{"ilostat", "FILE.csv[.gz]", "Import an ILOSTAT file: the coded bulk download of an indicator (INDICATOR.csv.gz) or a labelled download (EAR_4MTH_SEX_GEO_CUR_NB_A-filtered-2025-06-01.csv), gzip or not. The edition is --edition, or the date in the file's name.",
		true, func(in *statisticsInput) (*ingest.StatisticsFile, error) {
			r, err := ingest.MaybeGzip(in.file)
			if err != nil {
				return nil, err
			}
			opt := in.ilostat
			if opt.FileName == "" {
				opt.FileName = filepath.Base(in.path)
			}
			return ingest.ILOSTAT(r, in.areas, opt)
		}},
	{"wdi", "FILE.csv", "Import a World Development Indicators CSV file as the World Bank writes it (API_BM.TRF.PWKR.CD.DT_DS2_en_csv_v2_3012027.csv); the edition is its Last Updated Date.",
		true, func(in *statisticsInput) (*ingest.StatisticsFile, error) {
			r, err := ingest.MaybeGzip(in.file)
			if err != nil {
				return nil, err
			}
			return ingest.WDI(r, in.areas)
		}},
	{"rpw", "FILE.csv", "Import a Remittance Prices Worldwide export from the World Bank's DataBank (the average total cost of sending USD 200 per corridor, SDG 10.c.1); the edition is its footer's Last Updated day.",
		true, func(in *statisticsInput) (*ingest.StatisticsFile, error) {
			r, err := ingest.MaybeGzip(in.file)
			if err != nil {
				return nil, err
			}
			rs, ok := r.(io.ReadSeeker)
			if !ok {
				return nil, errors.New("the file cannot be read twice")
			}
			return ingest.RPW(rs, in.areas)
		}},
	{"statistics", "FILE.json", "Import a dataset edition in LMO's own layout (starter/statistics/README.md): FILE.json describes the edition and its indicators, the CSV file beside it with the same stem holds the observations.",
		true, func(in *statisticsInput) (*ingest.StatisticsFile, error) {
			csvPath := strings.TrimSuffix(in.path, filepath.Ext(in.path)) + ".csv"
			if csvPath == in.path {
				return nil, fmt.Errorf("name the JSON file (%s is the observations' CSV file)", in.path)
			}
			rows, err := os.Open(csvPath)
			if err != nil {
				return nil, fmt.Errorf("the observations beside the description: %w", err)
			}
			in.closers = append(in.closers, func() { rows.Close() })
			st, err := rows.Stat()
			if err != nil {
				return nil, err
			}
			// The description is small; the progress is the CSV's.
			meta := in.file.f
			in.file = newCountingFile(rows, st.Size())
			return ingest.LMOStatistics(meta, in.file)
		}},
}

func init() {
	for _, k := range statisticsKinds {
		importKinds[k.name] = func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			return runImportStatistics(ctx, k, args, stdout, stderr)
		}
	}
}

// statisticsKindNames lists the kinds for messages.
func statisticsKindNames() string {
	var names []string
	for _, k := range statisticsKinds {
		names = append(names, k.name)
	}
	return strings.Join(names, ", ")
}

// statisticsImportHelp is what every statistics import does.
const statisticsImportHelp = "One transaction: new observations are created, changed ones updated, those of the edition's indicators no longer in the file removed, identical ones left alone, so the same file twice changes nothing. A file with a bad row writes nothing and the error names its line (or cell) and column. Areas are mapped to the observatory's countries and regions (run lmo seed first). Progress goes to standard error, a summary to standard output."

func runImportStatistics(ctx context.Context, kind statisticsKind, args []string, stdout, stderr io.Writer) error {
	name := "import " + kind.name
	fs := newFlagSet(name, "", stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: lmo %s [flags] %s\n%s\n%s\n", name, kind.file, kind.help, statisticsImportHelp)
		fs.PrintDefaults()
	}
	db := dbFlag(fs)
	var opt ingest.ILOSTATOptions
	if kind.name == "ilostat" {
		fs.StringVar(&opt.Edition, "edition", "", "the day the file was downloaded, YYYY-MM-DD (default: the date in the file's name)")
		fs.StringVar(&opt.Indicator, "indicator", "", "the indicator's code, for a labelled file whose name does not start with it")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return fmt.Errorf("%s: name one %s", name, kind.file)
	}
	store, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	sum, err := importStatistics(ctx, store, statisticsJob{kind: kind, path: fs.Arg(0), ilostat: opt,
		note: "lmo " + name + " " + fs.Arg(0)}, stderr)
	if err != nil {
		return err
	}
	sum.write(stdout, fs.Arg(0), redact(*db))
	return nil
}

// statisticsJob is one file to import.
type statisticsJob struct {
	kind    statisticsKind
	path    string
	name    string // what progress calls the file: the base of path when empty
	ilostat ingest.ILOSTATOptions
	note    string
}

// statisticsSummary is what an import of statistics did.
type statisticsSummary struct {
	dataset lmo.Dataset
	report  *ingest.Report
	counts  lmo.StatisticsImportCounts
	elapsed time.Duration
}

// statisticsStore returns the store's statistics service.
func statisticsStore(s store) (lmo.StatisticsService, error) {
	st, ok := s.(lmo.StatisticsService)
	if !ok {
		return nil, errors.New("this database has no statistics module")
	}
	return st, nil
}

// importStatistics reads a statistics file with its kind's reader, against
// the store's countries and regions, and imports it in one transaction,
// reporting progress on stderr. A fault is an error naming the file and,
// for bad input, the place in it.
func importStatistics(ctx context.Context, s store, job statisticsJob, stderr io.Writer) (*statisticsSummary, error) {
	start := time.Now()
	stats, err := statisticsStore(s)
	if err != nil {
		return nil, err
	}
	areas, err := importAreas(ctx, s, job.path)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(job.path)
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", job.path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("import %s: %w", job.path, err)
	}
	in := &statisticsInput{path: job.path, file: newCountingFile(f, st.Size()),
		areas: areas, ilostat: job.ilostat}
	defer func() {
		for _, c := range in.closers {
			c()
		}
	}()
	file, p, err := readStatistics(job, in, f, stderr)
	if err != nil {
		return nil, err
	}
	counts, err := writeStatistics(ctx, stats, job, file, p)
	if err != nil {
		return nil, err
	}
	return &statisticsSummary{dataset: file.Import.Dataset, report: file.Report, counts: counts, elapsed: time.Since(start)}, nil
}

// importAreas indexes the store's countries and regions, which must
// include countries, for a file's areas to map to.
func importAreas(ctx context.Context, s store, path string) (*lmo.AreaIndex, error) {
	countries, err := s.FindCountries(ctx)
	if err != nil {
		return nil, err
	}
	regions, err := s.FindRegions(ctx)
	if err != nil {
		return nil, err
	}
	if len(countries) == 0 {
		return nil, fmt.Errorf("import %s: the observatory has no countries to map the file's areas to: run lmo seed first", path)
	}
	return lmo.NewAreaIndex(countries, regions), nil
}

// readStatistics runs the kind's reader on the opened file f, and returns
// the file read with the progress that follows its import.
func readStatistics(job statisticsJob, in *statisticsInput, f *os.File, stderr io.Writer) (*ingest.StatisticsFile, *progress, error) {
	// Progress starts before the reader, which may read the whole file once
	// to list its indicators and areas before streaming it; LMO's layout
	// follows the CSV file its reader opens beside the description.
	name := job.name
	if name == "" {
		name = filepath.Base(job.path)
	}
	var p *progress
	if job.kind.bytes && job.kind.name != "statistics" {
		p = newProgress(stderr, name, in.file)
	}
	file, err := job.kind.read(in)
	if err != nil {
		if p != nil {
			p.finish()
		}
		return nil, nil, fmt.Errorf("import %s: nothing imported: %s", job.path, userMessage(err))
	}
	if p == nil {
		var counter *countingFile
		if job.kind.bytes {
			counter = in.file
		}
		if in.file.f != f {
			name = filepath.Base(in.file.f.Name())
		}
		p = newProgress(stderr, name, counter)
	}
	return file, p, nil
}

// writeStatistics imports the file read in one transaction, counting its
// observations on p; a reader's fault in the input is reported in its own words.
func writeStatistics(ctx context.Context, stats lmo.StatisticsService, job statisticsJob, file *ingest.StatisticsFile, p *progress) (lmo.StatisticsImportCounts, error) {
	var readErr error
	var once sync.Once
	file.Import.Observations = counted(file.Import.Observations, p, func(err error) { once.Do(func() { readErr = err }) })
	counts, err := stats.ImportStatistics(lmo.NewContextWithUser(ctx, lmo.SystemUser), file.Import, job.note)
	p.finish()
	if err != nil {
		if readErr != nil && lmo.ErrorCode(readErr) == lmo.EINVALID {
			err = readErr // the reader's own words: the line (or cell) and column
		}
		return counts, fmt.Errorf("import %s: nothing imported: %s", job.path, userMessage(err))
	}
	return counts, nil
}

// counted passes a stream through, counting its observations for the
// progress and keeping its first error.
func counted(seq iter.Seq2[lmo.Observation, error], p *progress, fail func(error)) iter.Seq2[lmo.Observation, error] {
	return func(yield func(lmo.Observation, error) bool) {
		for o, err := range seq {
			if err != nil {
				fail(err)
			} else {
				p.observed()
			}
			if !yield(o, err) {
				return
			}
		}
		p.readAll()
	}
}

// maxListed bounds the reasons and areas a summary lists.
const maxListed = 20

// write writes the summary for a person: one figure a line.
func (s *statisticsSummary) write(w io.Writer, file, db string) {
	r, c := s.report, s.counts
	fmt.Fprintf(w, "imported %s into %s\n", file, db)
	fmt.Fprintf(w, "  dataset      %s, edition %s: %s\n", s.dataset.Code, s.dataset.Edition, s.dataset.Title)
	fmt.Fprintf(w, "  rows read    %s (%s observations)\n", thousands(r.Rows), thousands(c.Read))
	fmt.Fprintf(w, "  written      %s (%s created, %s updated)\n", thousands(c.Created+c.Updated), thousands(c.Created), thousands(c.Updated))
	fmt.Fprintf(w, "  unchanged    %s\n", thousands(c.Unchanged))
	fmt.Fprintf(w, "  removed      %s\n", thousands(c.Removed))
	fmt.Fprintf(w, "  skipped      %s\n", thousands(total(r.Skipped)))
	listCounts(w, r.Skipped)
	fmt.Fprintf(w, "  not mapped   %s observations of %s areas\n", thousands(total(r.Unmapped)), thousands(len(r.Unmapped)))
	listCounts(w, r.Unmapped)
	current := "none (a newer edition is current for every indicator)"
	if len(c.Current) > 0 {
		current = strings.Join(c.Current, ", ")
	}
	fmt.Fprintf(w, "  current for  %s\n", current)
	secs := s.elapsed.Seconds()
	secs = max(secs, 1e-9)
	fmt.Fprintf(w, "  elapsed      %s, %s rows/s (%s observations/s)\n", s.elapsed.Round(time.Millisecond),
		thousands(int64(float64(r.Rows)/secs)), thousands(int64(float64(c.Read)/secs)))
}

// listCounts writes the entries of m, most frequent first, at most
// maxListed of them.
func listCounts(w io.Writer, m map[string]int) {
	keys := slices.Collect(maps.Keys(m))
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	for i, k := range keys {
		if i == maxListed {
			fmt.Fprintf(w, "    ... and %d more\n", len(keys)-maxListed)
			break
		}
		fmt.Fprintf(w, "    %9s  %s\n", thousands(m[k]), k)
	}
}

func total(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
