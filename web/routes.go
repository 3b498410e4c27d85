package web

import (
	"net/http"

	"github.com/lmo-observatory/lmo"
)

// routes lists every route the observatory serves. Every route is
// registered through h, which records its pattern (s.patterns, walked by
// the tests) and puts it behind handle: the edge checks of its path and
// query values (edge.go) and one way of answering errors (errors.go).
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	h := func(pattern string, fn handlerFunc) {
		s.patterns = append(s.patterns, pattern)
		mux.Handle(pattern, s.handle(pattern, fn))
	}
	// cached routes answer by the data versions: 304 and repeated requests
	// without rendering (respcache.go).
	cached := func(pattern string, fn handlerFunc) { h(pattern, s.cached(fn)) }
	// inLang routes of the API answer in the language asked for (api_lang.go).
	inLang := func(pattern string, fn handlerFunc) { h(pattern, s.withAPILang(s.cached(fn))) }

	// Pages.
	h("GET /{$}", chooseLanguage(s.cached(s.home)))
	cached("GET /practices", s.practices)
	cached("GET /practices/{slug}", s.practice)
	cached("GET /practices/{slug}/cite.bib", s.citeBibTeX)
	cached("GET /practices/{slug}/cite.ris", s.citeRIS)
	cached("GET /countries", s.countries)
	cached("GET /countries/{code}", s.country)
	cached("GET /countries/{code}/data.zip", s.countryZip)
	cached("GET /corridors/{pair}", s.corridor)
	cached("GET /regions/{code}", s.region)
	cached("GET /about", s.about)
	cached("GET /instruments", s.instruments)
	cached("GET /instruments/{code}", s.instrument)
	cached("GET /instruments/{code}/history", s.instrumentHistory)
	cached("GET /sources", s.sources)
	cached("GET /api", s.apiReference)
	cached("GET /statistics", s.statistics)
	cached("GET /statistics/{indicator}", s.explorer)
	cached("GET /statistics/{indicator}/chart.svg", s.explorerChart)
	cached("GET /projects", s.projectsOnly(s.projects))
	cached("GET /projects/{slug}", s.projectsOnly(s.project))
	cached("GET /organisations", s.projectsOnly(s.organisations))
	cached("GET /organisations/{slug}", s.projectsOnly(s.organisation))
	h("GET /organisations.csv", s.projectsOnly(s.exportOrganisations(formatCSV)))
	h("GET /organisations.json", s.projectsOnly(s.exportOrganisations(formatJSON)))
	h("GET /organisations.xlsx", s.projectsOnly(s.exportOrganisations(formatXLSX)))
	h("GET /projects.csv", s.projectsOnly(s.exportProjects(formatCSV)))
	h("GET /projects.json", s.projectsOnly(s.exportProjects(formatJSON)))
	h("GET /projects.xlsx", s.projectsOnly(s.exportProjects(formatXLSX)))
	cached("GET /agreements", s.needAgreements(s.agreementsList))
	cached("GET /agreements/matrix", s.needAgreements(s.agreementsMatrix))
	cached("GET /agreements/{slug}", s.needAgreements(s.agreement))

	// The editorial workflow (workflow.go): personal pages, never cached,
	// but for the public diff of a published practice's history.
	h("GET /practices/new", s.personal(s.newPractice))
	h("POST /practices/new", s.personal(s.createPractice))
	h("GET /practices/{slug}/suggest", s.personal(s.suggestForm))
	h("POST /practices/{slug}/suggest", s.personal(s.suggest))
	cached("GET /practices/{slug}/history/diff", s.publicDiff)
	h("GET /agreements/new", s.personal(s.needAgreements(s.newAgreement)))
	h("POST /agreements/new", s.personal(s.needAgreements(s.createAgreement)))
	h("GET /projects/new", s.personal(s.projectsOnly(s.newProject)))
	h("POST /projects/new", s.personal(s.projectsOnly(s.createProject)))
	h("GET /contributions", s.personal(s.contributions))
	h("GET /review", s.personal(s.reviewQueue))
	h("GET /review/{kind}/{id}", s.personal(s.reviewItem))
	h("GET /review/{kind}/{id}/edit", s.personal(s.editItem))
	h("POST /review/{kind}/{id}/edit", s.personal(s.updateItem))
	h("GET /review/{kind}/{id}/diff", s.personal(s.reviewDiff))
	h("POST /review/{kind}/{id}/act", s.personal(s.reviewAct))
	h("POST /review/{kind}/{id}/comments", s.personal(s.reviewComment))
	h("POST /review/{kind}/{id}/restore", s.personal(s.reviewRestore))
	h("POST /review/{kind}/{id}/suggestions/{sid}", s.personal(s.reviewResolve))

	// Exports and feeds of exactly what the search page shows.
	h("GET /practices.csv", s.exportPractices(formatCSV))
	h("GET /practices.json", s.exportPractices(formatJSON))
	h("GET /practices.xlsx", s.exportPractices(formatXLSX))
	cached("GET /practices/feed.atom", s.feed)
	h("GET /instruments/{code}/parties.csv", s.exportParties(formatCSV))
	h("GET /instruments/{code}/parties.json", s.exportParties(formatJSON))
	h("GET /instruments/{code}/parties.xlsx", s.exportParties(formatXLSX))
	h("GET /ratifications.csv", s.exportEvents(formatCSV))
	h("GET /ratifications.json", s.exportEvents(formatJSON))
	h("GET /ratifications.xlsx", s.exportEvents(formatXLSX))
	h("GET /instruments.csv", s.exportInstruments(formatCSV))
	h("GET /instruments.json", s.exportInstruments(formatJSON))
	h("GET /instruments.xlsx", s.exportInstruments(formatXLSX))
	h("GET /countries/{code}/instruments.csv", s.exportCountryInstruments(formatCSV))
	h("GET /countries/{code}/instruments.json", s.exportCountryInstruments(formatJSON))
	h("GET /countries/{code}/instruments.xlsx", s.exportCountryInstruments(formatXLSX))
	h("GET /observations.csv", s.exportObservations(formatCSV))
	h("GET /observations.json", s.exportObservations(formatJSON))
	h("GET /observations.xlsx", s.exportObservations(formatXLSX))
	h("GET /agreements.csv", s.needAgreements(s.exportAgreements(formatCSV)))
	h("GET /agreements.json", s.needAgreements(s.exportAgreements(formatJSON)))
	h("GET /agreements.xlsx", s.needAgreements(s.exportAgreements(formatXLSX)))
	cached("GET /instruments/feed.atom", s.standardsFeed)
	cached("GET /instruments/{code}/feed.atom", s.standardsFeed)

	// The JSON API. Records in the editorial workflow: practices by id,
	// agreements and projects by slug (api_write_records.go).
	practices, agreements, projects := s.practiceAPI(), s.agreementAPI(), s.projectAPI()
	cached("GET /api/v1/practices", s.apiPractices)
	h("GET /api/v1/practices/{id}", practices.get) // its own per-record ETag (api_write_etag.go)
	inLang("GET /api/v1/vocabularies", s.apiVocabularies)
	inLang("GET /api/v1/countries", s.apiCountries)
	inLang("GET /api/v1/regions", s.apiRegions)
	cached("GET /api/v1/countries/{code}/instruments", s.apiCountryInstruments)
	cached("GET /api/v1/countries/{code}/profile", s.apiCountryProfile)
	cached("GET /api/v1/corridors/{pair}", s.apiCorridor)
	cached("GET /api/v1/regions/{code}/profile", s.apiRegionProfile)
	inLang("GET /api/v1/instruments", s.apiInstruments)
	inLang("GET /api/v1/instruments/{code}", s.apiInstrumentByCode)
	cached("GET /api/v1/instruments/{code}/parties", s.apiParties)
	cached("GET /api/v1/instruments/{code}/timeline", s.apiTimeline)
	cached("GET /api/v1/ratifications", s.apiRatifications)
	cached("GET /api/v1/datasets", s.apiDatasetList)
	cached("GET /api/v1/indicators", s.apiIndicatorList)
	cached("GET /api/v1/indicators/{code}", s.apiIndicatorByCode)
	cached("GET /api/v1/aggregates", s.apiAggregates)
	cached("GET /api/v1/observations", s.apiObservations)
	cached("GET /api/v1/projects", s.projectsOnly(s.apiProjects))
	h("GET /api/v1/projects/{slug}", s.projectsOnly(projects.get)) // its own per-record ETag (api_write_etag.go)
	cached("GET /api/v1/organisations", s.projectsOnly(s.apiOrganisations))
	cached("GET /api/v1/organisations/{slug}", s.projectsOnly(s.apiOrganisation))
	cached("GET /api/v1/agreements", s.needAgreements(s.apiAgreements))
	h("GET /api/v1/agreements/{slug}", s.needAgreements(agreements.get)) // its own per-record ETag
	cached("GET /api/v1/openapi.json", s.apiOpenAPI)

	// The write API (api_write*.go): a signed-in user, JSON bodies,
	// If-Match on every change to an existing practice.
	h("POST /api/v1/practices", apiSignedIn(practices.post))
	h("PUT /api/v1/practices/{id}", apiSignedIn(practices.put))
	h("PATCH /api/v1/practices/{id}", apiSignedIn(practices.patch))
	h("POST /api/v1/practices/{id}/submit", apiSignedIn(s.apiAct(practices, lmo.ActionSubmit)))
	h("POST /api/v1/practices/{id}/request-changes", apiSignedIn(s.apiAct(practices, lmo.ActionRequestChanges)))
	h("POST /api/v1/practices/{id}/approve", apiSignedIn(s.apiAct(practices, lmo.ActionApprove)))
	h("POST /api/v1/practices/{id}/reject", apiSignedIn(s.apiAct(practices, lmo.ActionReject)))
	h("POST /api/v1/practices/{id}/publish", apiSignedIn(s.apiAct(practices, lmo.ActionPublish)))
	h("POST /api/v1/practices/{id}/unpublish", apiSignedIn(s.apiAct(practices, lmo.ActionUnpublish)))
	h("POST /api/v1/practices/{id}/reopen", apiSignedIn(s.apiAct(practices, lmo.ActionReopen)))
	h("POST /api/v1/practices/{id}/suggestions", apiSignedIn(s.apiSuggest))
	h("GET /api/v1/practices/{id}/revisions", s.apiRevisions(practices))
	h("GET /api/v1/practices/{id}/revisions/{version}", s.apiRevision(practices))
	h("GET /api/v1/review-queue", apiSignedIn(s.apiReviewQueue))
	// Agreements and projects, by slug: If-Match on every change; a change
	// of slug moves the record (Location).
	h("POST /api/v1/agreements", s.needAgreements(apiSignedIn(agreements.post)))
	h("PUT /api/v1/agreements/{slug}", s.needAgreements(apiSignedIn(agreements.put)))
	h("PATCH /api/v1/agreements/{slug}", s.needAgreements(apiSignedIn(agreements.patch)))
	h("POST /api/v1/agreements/{slug}/submit", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionSubmit))))
	h("POST /api/v1/agreements/{slug}/request-changes", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionRequestChanges))))
	h("POST /api/v1/agreements/{slug}/approve", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionApprove))))
	h("POST /api/v1/agreements/{slug}/reject", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionReject))))
	h("POST /api/v1/agreements/{slug}/publish", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionPublish))))
	h("POST /api/v1/agreements/{slug}/unpublish", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionUnpublish))))
	h("POST /api/v1/agreements/{slug}/reopen", s.needAgreements(apiSignedIn(s.apiAct(agreements, lmo.ActionReopen))))
	h("GET /api/v1/agreements/{slug}/revisions", s.needAgreements(s.apiRevisions(agreements)))
	h("GET /api/v1/agreements/{slug}/revisions/{version}", s.needAgreements(s.apiRevision(agreements)))
	h("POST /api/v1/projects", s.projectsOnly(apiSignedIn(projects.post)))
	h("PUT /api/v1/projects/{slug}", s.projectsOnly(apiSignedIn(projects.put)))
	h("PATCH /api/v1/projects/{slug}", s.projectsOnly(apiSignedIn(projects.patch)))
	h("POST /api/v1/projects/{slug}/submit", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionSubmit))))
	h("POST /api/v1/projects/{slug}/request-changes", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionRequestChanges))))
	h("POST /api/v1/projects/{slug}/approve", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionApprove))))
	h("POST /api/v1/projects/{slug}/reject", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionReject))))
	h("POST /api/v1/projects/{slug}/publish", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionPublish))))
	h("POST /api/v1/projects/{slug}/unpublish", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionUnpublish))))
	h("POST /api/v1/projects/{slug}/reopen", s.projectsOnly(apiSignedIn(s.apiAct(projects, lmo.ActionReopen))))
	h("GET /api/v1/projects/{slug}/revisions", s.projectsOnly(s.apiRevisions(projects)))
	h("GET /api/v1/projects/{slug}/revisions/{version}", s.projectsOnly(s.apiRevision(projects)))
	h("/api/", s.unrouted(mux))

	// Accounts: signing in and out, one's own account and tokens, and the
	// administrators' pages (auth.go). Personal: never cached.
	if s.cfg.Accounts != nil {
		h("GET /signin", s.signInPage)
		h("POST /signin", s.signIn)
		h("GET /signout", s.signOutPage)
		h("POST /signout", s.signOut)
		h("GET /signin/link/{secret}", s.linkPage)
		h("POST /signin/link/{secret}", s.redeemLink)
		h("GET /account", s.signedIn(s.account))
		h("POST /account/password", s.signedIn(s.changePassword))
		h("POST /account/signout-everywhere", s.signedIn(s.signOutEverywhere))
		h("POST /account/tokens", s.signedIn(s.createToken))
		h("POST /account/tokens/{id}/revoke", s.signedIn(s.revokeToken))
		h("GET /admin/users", s.adminOnly(s.adminUsers))
		h("POST /admin/users", s.adminOnly(s.addUser))
		h("POST /admin/users/{id}/role", s.adminOnly(s.setUserRole))
		h("POST /admin/users/{id}/disabled", s.adminOnly(s.setUserDisabled))
		h("POST /admin/users/{id}/link", s.adminOnly(s.newSignInLink))
	}
	if s.cfg.Accounts != nil && s.cfg.Audit != nil {
		h("GET /admin/audit", s.adminOnly(s.auditLog))
		h("GET /admin/audit.csv", s.adminOnly(s.auditCSV))
	}

	// Operations and assets.
	h("GET /healthz", s.healthz)
	if !s.cfg.MetricsElsewhere {
		h("GET /metrics", plain(s.MetricsHandler()))
	}
	h("GET /static/{hash}/{file}", s.assets.serve)
	h("GET /favicon.ico", s.favicon)
	h("/", s.unrouted(mux))

	return s.observe(s.crossOrigin(s.localize(s.authenticate(mux))))
}

// plain adapts an http.Handler that writes its own errors to a handlerFunc.
func plain(h http.Handler) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		h.ServeHTTP(w, r)
		return nil
	}
}
