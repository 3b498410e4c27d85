package web

import (
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// BuildVersion describes a build from its module and version-control
// information (debug.ReadBuildInfo): the module version, or "development
// build" for a build from a work tree or an untagged commit (a
// pseudo-version, which repeats the revision), then the short revision, the
// commit's date and whether the work tree had local changes, such as
// "v1.2.0, revision 1a2b3c4d5e6f of 2026-12-01". ok false gives "unknown".
func BuildVersion(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "unknown"
	}
	parts := []string{info.Main.Version}
	if v := info.Main.Version; v == "" || v == "(devel)" || pseudoVersion.MatchString(v) {
		parts[0] = translate(defaultLang, "version.devel")
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		revision := translate(defaultLang, "version.revision", rev[:min(12, len(rev))])
		if at, err := time.Parse(time.RFC3339, settings["vcs.time"]); err == nil {
			revision = translate(defaultLang, "version.of", revision, at.UTC().Format(time.DateOnly))
		}
		parts = append(parts, revision)
	}
	if settings["vcs.modified"] == "true" {
		parts = append(parts, translate(defaultLang, "version.modified"))
	}
	return strings.Join(parts, ", ")
}

// pseudoVersion matches the end of a Go pseudo-version (a commit's time and
// short revision, "+dirty" for local changes), which go build gives an
// untagged commit.
var pseudoVersion = regexp.MustCompile(`[.-]\d{14}-[0-9a-f]{12}(\+dirty)?$`)
