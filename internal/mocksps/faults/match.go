package faults

import (
	"fmt"
	"net/http"
	"path"
	"strings"
)

// matcher is a compiled Fault.Match.
type matcher struct {
	method   string   // "" or "*": any
	segments []string // path glob split at "/"; nil: any path
}

// compileMatch parses "METHOD /path/glob", "/path/glob" or "".
func compileMatch(s string) (matcher, error) {
	if s == "" {
		return matcher{}, nil
	}
	var m matcher
	glob := s
	if method, rest, ok := strings.Cut(s, " "); ok {
		m.method, glob = method, rest
		if method != "*" && (strings.ToUpper(method) != method || strings.ContainsAny(method, "/*")) {
			return matcher{}, fmt.Errorf("match %q: method must be an upper-case verb such as PUT, or *", s)
		}
	} else if !strings.HasPrefix(s, "/") {
		// A lone word is a method with no path, e.g. "DELETE".
		m.method, glob = s, "/**"
		if strings.ToUpper(s) != s {
			return matcher{}, fmt.Errorf("match %q: method must be an upper-case verb such as PUT, or *", s)
		}
	}
	if !strings.HasPrefix(glob, "/") {
		return matcher{}, fmt.Errorf("match %q: the path must start with /", s)
	}
	m.segments = strings.Split(glob[1:], "/")
	for _, seg := range m.segments {
		if seg == "**" {
			continue
		}
		if strings.Contains(seg, "**") {
			return matcher{}, fmt.Errorf("match %q: ** must be a whole path segment", s)
		}
		if _, err := path.Match(seg, ""); err != nil {
			return matcher{}, fmt.Errorf("match %q: bad glob segment %q", s, seg)
		}
	}
	return m, nil
}

// matches reports whether r's method and path fit.
func (m matcher) matches(r *http.Request) bool {
	if m.method != "" && m.method != "*" && m.method != r.Method {
		return false
	}
	if m.segments == nil {
		return true
	}
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		return false
	}
	if len(p) > 1 {
		// "/api/transaction/" names the same resource as "/api/transaction".
		p = strings.TrimSuffix(p, "/")
	}
	return matchSegments(m.segments, strings.Split(p[1:], "/"))
}

// matchSegments matches glob segments against path segments; "**" takes
// zero or more whole segments. Patterns are short, so plain backtracking is
// fine.
func matchSegments(glob, segs []string) bool {
	for len(glob) > 0 {
		if glob[0] == "**" {
			for i := 0; i <= len(segs); i++ {
				if matchSegments(glob[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(glob[0], segs[0]); !ok {
			return false
		}
		glob, segs = glob[1:], segs[1:]
	}
	return len(segs) == 0
}
