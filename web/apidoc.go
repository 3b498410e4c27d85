package web

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// apiPage is the readable API reference: the OpenAPI document rendered on
// the server, with nothing fetched from another host.
type apiPage struct {
	Page
	Doc *apiDoc
}

// apiDoc is what the reference shows of the OpenAPI document.
type apiDoc struct {
	Title       string
	Version     string
	Summary     string
	Description template.HTML
	Operations  []apiOperation
	Params      []apiParam // every parameter once, by name
}

type apiOperation struct {
	Anchor      string
	Method      string
	Path        string
	Summary     string
	Description template.HTML
	Params      []apiParam
	Responses   []apiResponse
}

type apiParam struct {
	Anchor      string
	Name        string
	In          string
	Required    bool
	Type        string
	Description template.HTML
}

type apiResponse struct {
	Status      string
	Description template.HTML
}

// openAPI is the part of an OpenAPI 3.1 document that the reference reads.
type openAPI struct {
	Info struct {
		Title, Version, Summary, Description string
	}
	Paths      map[string]map[string]openAPIOperation
	Components struct {
		Parameters map[string]openAPIParam
		Responses  map[string]openAPIResponse
	}
}

type openAPIOperation struct {
	Summary, Description string
	Parameters           []openAPIParam
	Responses            map[string]openAPIResponse
}

type openAPIParam struct {
	Ref         string `json:"$ref"`
	Name, In    string
	Required    bool
	Description string
	Schema      struct {
		Type  any
		Items struct{ Type any }
	}
}

type openAPIResponse struct {
	Ref         string `json:"$ref"`
	Description string
}

// loadAPIDoc reads the embedded OpenAPI document once.
var loadAPIDoc = sync.OnceValues(func() (*apiDoc, error) {
	b, err := openapiFS.ReadFile("openapi.json")
	if err != nil {
		return nil, err
	}
	return parseAPIDoc(b)
})

// parseAPIDoc lays out an OpenAPI document for the reference page: its
// operations by path and method, parameters and responses with their
// references resolved, and the Markdown of its descriptions rendered.
func parseAPIDoc(b0 []byte) (*apiDoc, error) {
	b := b0
	var o openAPI
	if err := json.Unmarshal(b, &o); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	doc := &apiDoc{Title: o.Info.Title, Version: o.Info.Version, Summary: o.Info.Summary,
		Description: renderMarkdown(o.Info.Description)}
	params := map[string]apiParam{}
	paths := sortedKeys(o.Paths)
	// In the document's order, which puts the practices first.
	slices.SortStableFunc(paths, func(a, b string) int {
		return cmp.Compare(bytes.Index(b0, []byte(strconv.Quote(a)+":")), bytes.Index(b0, []byte(strconv.Quote(b)+":")))
	})
	for _, path := range paths {
		for _, method := range sortedKeys(o.Paths[path]) {
			op := o.Paths[path][method]
			v := apiOperation{Method: strings.ToUpper(method), Path: path, Summary: op.Summary,
				Description: renderMarkdown(op.Description), Anchor: anchor(method + " " + path)}
			for _, p := range op.Parameters {
				p, err := o.param(p)
				if err != nil {
					return nil, fmt.Errorf("%s %s: %w", method, path, err)
				}
				ap := apiParam{Anchor: "param-" + anchor(p.In+" "+p.Name), Name: p.Name, In: p.In, Required: p.Required,
					Type: schemaType(p), Description: renderMarkdown(p.Description)}
				v.Params = append(v.Params, ap)
				if _, seen := params[ap.Anchor]; !seen {
					params[ap.Anchor] = ap
				}
			}
			for _, status := range sortedKeys(op.Responses) {
				desc := op.Responses[status].Description
				if ref := op.Responses[status].Ref; ref != "" {
					r, ok := o.Components.Responses[strings.TrimPrefix(ref, "#/components/responses/")]
					if !ok {
						return nil, fmt.Errorf("%s %s: unknown response %s", method, path, ref)
					}
					desc = r.Description
				}
				v.Responses = append(v.Responses, apiResponse{Status: status, Description: renderMarkdown(desc)})
			}
			doc.Operations = append(doc.Operations, v)
		}
	}
	for _, a := range sortedKeys(params) {
		doc.Params = append(doc.Params, params[a])
	}
	return doc, nil
}

// param resolves a parameter's reference.
func (o *openAPI) param(p openAPIParam) (openAPIParam, error) {
	if p.Ref == "" {
		return p, nil
	}
	r, ok := o.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
	if !ok {
		return p, fmt.Errorf("unknown parameter %s", p.Ref)
	}
	return r, nil
}

// schemaType names a parameter's type: "string", "array of string".
func schemaType(p openAPIParam) string {
	t := fmt.Sprint(p.Schema.Type)
	if t == "array" {
		return "array of " + fmt.Sprint(p.Schema.Items.Type)
	}
	if p.Schema.Type == nil {
		return ""
	}
	return t
}

// anchor makes an id for a fragment from text: letters and digits, the rest
// as hyphens.
func anchor(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else if b.Len() > 0 && !strings.HasSuffix(b.String(), "-") {
			b.WriteByte('-')
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// apiReference serves the API reference page.
func (s *Server) apiReference(w http.ResponseWriter, r *http.Request) error {
	lang := langOf(r)
	doc, err := loadAPIDoc()
	if err != nil {
		return err
	}
	p := &apiPage{Page: s.page(r, translate(lang, "api.title")), Doc: doc}
	p.Page.Description = translate(lang, "api.description")
	return s.render(w, r, "api", p, time.Time{})
}
