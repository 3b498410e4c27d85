package web

// RoutePatterns returns the pattern of every route that routes.go
// registers, for the tests that walk them all.
func RoutePatterns(s *Server) []string { return s.patterns }
