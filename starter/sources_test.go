package starter_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/lmo-observatory/lmo/starter"
)

// A citation that lacks something every citation should have is listed
// here, with the reason; SOURCES.md ("Citations without an address, over
// plain http, or undated") explains each. The lists are kept as short as
// the truth allows: TestSourcesComplete fails on an entry that no longer
// matches a source lacking that thing, so an entry goes when its gap is
// filled.
type exception struct {
	slug string // the practice
	key  string // the source's URL, or the start of its title when it has no URL
	why  string
}

// noOnlineCopy: sources cited without a URL because no copy could be found
// at the publisher or an official site. Each still carries a full reference
// (title with what identifies the document, publisher, and year where one is
// known).
var noOnlineCopy = []exception{
	{"qa-wage-protection-system", "Assessment of the Wage Protection System in Qatar", "ILO report (ISBN 978-92-2-134145-1); only third-party copies found"},
	{"ph-household-service-workers-reform-package", "Survey research on the effectiveness of the Household Service Workers", "NGO survey report; no online copy found"},
	{"ph-household-service-workers-reform-package", "Standard Employment Contract for Filipino Household Service Workers", "POEA form; no online copy found"},
	{"ph-pre-departure-orientation-seminar", "Philippines: Good practices on the orientation of migrant workers", "workshop presentation (Abu Dhabi Dialogue, Dubai, July 2017); only a third-party copy found"},
	{"hk-standard-employment-contract-foreign-domestic-helpers", "Practical Guide for Employment of Foreign Domestic Helpers", "Labour Department booklet; only a third-party copy found"},
	{"hk-standard-employment-contract-foreign-domestic-helpers", "Standard Employment Contract for a domestic helper recruited from abroad", "Immigration Department form ID 407; no official copy found"},
	{"th-bilateral-mous-cambodia-lao-myanmar", "Review of the effectiveness of the MOUs", "ILO report (ISBN 978-92-2-129535-8); only third-party copies found"},
	{"lk-slbfe-registration-pre-departure", "Safe Labour Migration Information Guide", "SLBFE/ILO guide (2015); no online copy found"},
	{"se-employer-led-labour-migration-2008", "30 percent lower income", "MIM Working Paper 19:1; only a third-party copy found"},
	{"et-overseas-employment-proclamation-2016", "The Ethiopian overseas employment proclamation No. 923/2016", "ILO report (ISBN 978-92-2-129131-2); only third-party copies found"},
	{"za-dispensation-zimbabweans-project", "Press statement: Lawyers for Human Rights", "NGO press statement (2014); no online copy found"},
	{"ng-ecowas-general-convention-social-security", "Supplementary Act A/SA.5/07/13", "ECOWAS Supplementary Act (Abuja, July 2013); only third-party copies found"},
}

// plainHTTP: sources whose page was checked at a plain http address; an
// https address for the same page was not confirmed.
var plainHTTP = []exception{
	{"qa-labour-mobility-exit-permit-noc", "http://www.gulf-times.com/story/604995/ILO-ITUC-welcome-new-law-on-exiting-country", "news report"},
	{"ph-household-service-workers-reform-package", "http://poea.gov.ph/hsw/q&a_hsw.html", "former POEA site"},
	{"ca-seasonal-agricultural-worker-program", "http://www.esdc.gc.ca/eng/jobs/foreign_workers/agriculture/seasonal/index.shtml", "former ESDC address"},
	{"ar-patria-grande-regularisation", "http://migracionoea.org/index.php/en/general-index-2011/26-sicremi/publicacion-2011/paises-en/220-argentina-2-5-regularizacio-n-migratoria-2.html", "OAS SICREMI site"},
	{"ar-patria-grande-regularisation", "http://servicios.infoleg.gob.ar/infolegInternet/anexos/110000-114999/114743/norma.htm", "InfoLEG legal database"},
	{"co-temporary-protection-statute-venezuelan-migrants", "http://normograma.legislacionarl.co/arl/compilacion/docs/resolucion_uaemc_0971_2021.htm", "legal database"},
	{"br-migration-law-13445-2017", "http://www.pf.gov.br/servicos-pf/imigracao/lei-de-migracao/impactos-da-nova-lei-de-imigracao-no-13445-2017", "former Federal Police address"},
	{"br-migration-law-13445-2017", "http://lawrope.com/new-brazilian-migration-law/", "law firm article"},
	{"md-pare-1-plus-1-remittances", "http://www.iom.md/pare-11-improving-moldovas-remittance-based-investment-program", "IOM Moldova site"},
	{"se-employer-led-labour-migration-2008", "http://inspires-research.eu/innovativesocialpolicy/248-2008-New-rules-for-labor-immigration%2C-which-has-increased-the-opportunities-for-citizens-outside-the-EU-to-come-to-Sweden-to-work", "research project database"},
	{"ma-regularisation-national-strategy-immigration-asylum", "http://www.rfi.fr/afrique/20170311-maroc-poursuite-politique-regularisation-migrants-clandestins", "news report"},
	{"ma-regularisation-national-strategy-immigration-asylum", "http://ebook.comcec.org/Kutuphane/Icerik/Yayinlar/Analitik_Calismalar/Yoksullugun_Azaltilmasi/Toplanti8/files/assets/basic-html/page-128.html", "COMCEC e-book page"},
}

// undated: web pages that show no date of publication or update, and
// documents whose date could not be established. A year is not guessed.
var undated = []exception{
	{"ae-wage-protection-system", "https://www.ilo.org/dyn/migpractice/migmain.showPractice?p_lang=en&p_practice_id=186", "database entry shows no date"},
	{"qa-non-discriminatory-minimum-wage", "https://www.mol.gov.qa/en/ministry/Pages/Strategy-and-Functions.aspx", "ministry page"},
	{"qa-labour-mobility-exit-permit-noc", "https://www.mol.gov.qa/en/ministry/Pages/Strategy-and-Functions.aspx", "ministry page"},
	{"qa-wage-protection-system", "https://www.ilo.org/beirut/projects/qatar-office/lang--en/index.htm", "project page"},
	{"qa-wage-protection-system", "https://www.mol.gov.qa/en/ministry/Pages/Strategy-and-Functions.aspx", "ministry page"},
	{"jo-special-working-contract-domestic-workers", "https://www.ilo.org/dyn/migpractice/migmain.showPractice?p_lang=en&p_practice_id=28", "database entry shows no date"},
	{"kw-domestic-workers-law-2015", "https://www.recruitmentadvisor.org/law/id/kw/20071/20071/55", "database page"},
	{"ph-household-service-workers-reform-package", "Standard Employment Contract for Filipino Household Service Workers", "form revised over time; edition not known"},
	{"ph-pre-departure-orientation-seminar", "https://migrationsmartpractices.ifrc.org/smart-practice/pre-departure-orientation-seminar-pdos-philippines", "database page"},
	{"ph-national-reintegration-center-ofws", "https://www.respicio.ph/commentaries/financial-assistance-and-reintegration-programs-for-returning-ofws", "commentary page shows no date"},
	{"kr-employment-permit-system", "https://hrdkorea.or.kr/ENG/4/2", "agency page"},
	{"np-free-visa-free-ticket", "https://english.nepalnews.com/?p=187243", "news page; date not seen"},
	{"np-free-visa-free-ticket", "https://www.recruitmentreform.org/provision-to-be-enlisted-in-labour-pacts/", "reprint; date not seen"},
	{"au-pacific-australia-labour-mobility", "https://www.palmscheme.gov.au/about", "programme page"},
	{"au-pacific-australia-labour-mobility", "https://dfat.gov.au/node/109592", "department page"},
	{"hk-standard-employment-contract-foreign-domestic-helpers", "Practical Guide for Employment of Foreign Domestic Helpers", "booklet revised over time; edition not known"},
	{"hk-standard-employment-contract-foreign-domestic-helpers", "Standard Employment Contract for a domestic helper recruited from abroad", "form revised over time; edition not known"},
	{"sg-settling-in-programme-migrant-domestic-workers", "https://mom.gov.sg/passes-and-permits/work-permit-for-foreign-domestic-worker/eligibility-and-requirements/settling-in-programme-sip", "ministry page"},
	{"th-bilateral-mous-cambodia-lao-myanmar", "https://www.ilo.org/asia/publications/WCMS_106181/lang--en/index.htm", "publication page; year not seen"},
	{"id-desmigratif-productive-migrant-villages", "https://iom.int/news/un-migration-agency-indonesian-ministry-manpower-expand-cooperation-protect-migrant-workers", "news item gives the day (19 February) but not the year"},
	{"lk-slbfe-registration-pre-departure", "https://slbfe.lk/how-to-register-for-a-received-foreign-job", "agency page"},
	{"lk-slbfe-registration-pre-departure", "https://slbfe.lk/page.php?LID=1&PID=37", "agency page"},
	{"ca-seasonal-agricultural-worker-program", "http://www.esdc.gc.ca/eng/jobs/foreign_workers/agriculture/seasonal/index.shtml", "department page"},
	{"ca-seasonal-agricultural-worker-program", "https://consulmex.sre.gob.mx/toronto/index.php/en/swap", "consulate page"},
	{"ca-open-work-permit-vulnerable-workers", "https://www.canada.ca/en/immigration-refugees-citizenship/corporate/publications-manuals/operational-bulletins-manuals/temporary-residents/foreign-workers/vulnerable-workers.html", "program delivery instructions, updated over time"},
	{"ar-patria-grande-regularisation", "https://gfmd.org/gcm-objectives/objective-5-enhance-availability-and-flexibility-pathways-regular-migration?page=20", "database listing"},
	{"mx-border-worker-visitor-card", "https://sintesisdelgolfo.com/?p=180517", "news page; date not seen"},
	{"mx-border-worker-visitor-card", "https://grf.bgu.ac.il/index.php/GRF/article/view/629", "journal article page; year not seen"},
	{"es-ibero-american-multilateral-social-security-agreement", "https://www.seg-social.es/wps/portal/wss/internet/InformacionUtil/32078/2070/2071", "agency page"},
	{"es-normalisation-2005", "https://www.ilo.org/dyn/migpractice/migmain.showPractice?p_lang=en&p_practice_id=23", "database entry shows no date"},
	{"de-triple-win-health-care-professionals", "https://deutschland.de/en/topic/business/qualified-professionals-for-germany-jobs-in-nursing-care", "interview page; date not seen"},
	{"md-pare-1-plus-1-remittances", "http://www.iom.md/pare-11-improving-moldovas-remittance-based-investment-program", "project page"},
	{"md-pare-1-plus-1-remittances", "https://ipn.md/en/print/over-1200-enterprises-financed-through-pare-11-program-so-far--7966_1043829.html", "news page (print view); date not seen"},
	{"se-employer-led-labour-migration-2008", "http://inspires-research.eu/innovativesocialpolicy/248-2008-New-rules-for-labor-immigration%2C-which-has-increased-the-opportunities-for-citizens-outside-the-EU-to-come-to-Sweden-to-work", "database page"},
	{"ma-regularisation-national-strategy-immigration-asylum", "http://ebook.comcec.org/Kutuphane/Icerik/Yayinlar/Analitik_Calismalar/Yoksullugun_Azaltilmasi/Toplanti8/files/assets/basic-html/page-128.html", "e-book page; year not seen"},
	{"ug-recruitment-regulations-migrant-workers-abroad", "https://www.gcic.go.ug/faqs/measures-to-promote-safe-regular-and-order-migration/", "government FAQ page"},
	{"ug-recruitment-regulations-migrant-workers-abroad", "https://earthfinds.co.ug/index.php/en/events/item/3606-premier-recruitment-boss-welcomes-mglsd-s-resumption-of-licensing-new-external-labour-firms", "news page; date not seen"},
	{"ng-ecowas-general-convention-social-security", "https://itcilo.org/it/node/1457", "training centre page"},
}

// matches reports whether e names the source with this URL and title.
func (e exception) matches(slug, u, title string) bool {
	if e.slug != slug {
		return false
	}
	if u != "" {
		return e.key == u
	}
	return strings.HasPrefix(title, e.key)
}

// TestSourcesComplete: every source of every starter practice is a full
// reference: a title, a publisher, a year, and an https URL, except where an
// exception above says why not.
func TestSourcesComplete(t *testing.T) {
	d, err := starter.Load()
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]map[int]bool{"noOnlineCopy": {}, "plainHTTP": {}, "undated": {}}
	listed := func(list string, l []exception, slug, u, title string) bool {
		for i, e := range l {
			if e.matches(slug, u, title) {
				used[list][i] = true
				return true
			}
		}
		return false
	}
	thisYear := time.Now().Year()
	n := 0
	for _, p := range d.Practices {
		for _, s := range p.Sources {
			n++
			at := p.Slug + ": source " + strings.TrimSpace(s.Title)
			if strings.TrimSpace(s.Title) == "" {
				t.Errorf("%s: a source has no title", p.Slug)
			}
			if strings.TrimSpace(s.Publisher) == "" {
				t.Errorf("%s: no publisher", at)
			}
			switch {
			case s.URL == "":
				if !listed("noOnlineCopy", noOnlineCopy, p.Slug, s.URL, s.Title) {
					t.Errorf("%s: no URL, and not listed in noOnlineCopy", at)
				}
			case strings.HasPrefix(s.URL, "https://"):
				if u, err := url.Parse(s.URL); err != nil || u.Host == "" {
					t.Errorf("%s: URL %q does not parse as an absolute URL", at, s.URL)
				}
			case strings.HasPrefix(s.URL, "http://"):
				if !listed("plainHTTP", plainHTTP, p.Slug, s.URL, s.Title) {
					t.Errorf("%s: URL %s is not https, and not listed in plainHTTP", at, s.URL)
				}
			default:
				t.Errorf("%s: URL %q is neither https nor http", at, s.URL)
			}
			switch {
			case s.Year == 0:
				if !listed("undated", undated, p.Slug, s.URL, s.Title) {
					t.Errorf("%s: no year, and not listed in undated", at)
				}
			case s.Year < 1945 || s.Year > thisYear:
				t.Errorf("%s: year %d is out of range", at, s.Year)
			}
		}
	}
	if n == 0 {
		t.Fatal("no sources")
	}
	for name, l := range map[string][]exception{"noOnlineCopy": noOnlineCopy, "plainHTTP": plainHTTP, "undated": undated} {
		for i, e := range l {
			if !used[name][i] {
				t.Errorf("%s lists %s %q, which matches no source lacking that: remove the entry", name, e.slug, e.key)
			}
		}
	}
}
