package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"github.com/lmo-observatory/lmo"
)

// The Atom feed (RFC 4287) of a practice search: newest additions first.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string         `xml:"title"`
	ID        string         `xml:"id"`
	Link      atomLink       `xml:"link"`
	Published string         `xml:"published"`
	Updated   string         `xml:"updated"`
	Summary   string         `xml:"summary"`
	Category  []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// feedSize is how many entries a feed carries.
const feedSize = 50

func (s *Server) feed(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	// The latest additions first: relevance without words orders by date
	// added; with words, the newest by start year.
	run, err := s.runSearch(r, feedSize, func(sr *search) {
		sr.Filter.Sort, sr.Filter.Offset, sr.Filter.Limit, sr.Filter.NoFacets = lmo.SortRelevance, 0, feedSize, true
		if sr.Filter.Query != "" {
			sr.Filter.Sort = lmo.SortNewest
		}
	})
	if err != nil {
		return err
	}
	sr, res, l, modified := run.search, run.res, run.labels, run.modified
	base := s.baseURL(r)
	f := atomFeed{
		Title:   translate(lang, "site.name") + ": " + translate(lang, "search.title"),
		ID:      base + sr.url("/practices/feed.atom", 1),
		Updated: modified.UTC().Format(time.RFC3339),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + sr.url("/practices/feed.atom", 1)},
			{Rel: "alternate", Type: "text/html", Href: base + sr.url("/practices", 1)}},
		Author: atomAuthor{Name: translate(lang, "site.name")},
	}
	for _, h := range res.Hits {
		e := atomEntry{Title: h.Title, ID: fmt.Sprintf("%s/practices/%d", base, h.ID),
			Link:      atomLink{Rel: "alternate", Type: "text/html", Href: base + "/practices/" + h.Slug},
			Published: h.CreatedAt.UTC().Format(time.RFC3339), Updated: h.UpdatedAt.UTC().Format(time.RFC3339), Summary: h.Summary}
		for _, t := range h.Themes {
			e.Category = append(e.Category, atomCategory{Term: t, Label: l.Term(lmo.VocabTheme, t)})
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	serveBytes(w, r, "application/atom+xml; charset=utf-8", buf.Bytes(), modified)
	return nil
}
