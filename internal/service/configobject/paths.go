package configobject

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

// ConfigurationRoot is where every path of this package lives.
const ConfigurationRoot = "/api/configuration"

// maxPathLength bounds a path; SPS's longest endpoints are under 60
// characters.
const maxPathLength = 512

// segmentPattern is what one segment of an SPS configuration endpoint is
// made of (ssh, settings_policies, local_database, disk_fillup_prevention).
// Anything else (a space, %, @, a dot) is refused rather than escaped: an
// escaped `..` or `?` would reach SPS as something the user did not see.
var segmentPattern = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// NormalizePath returns the endpoint p names, relative to
// /api/configuration ("ssh/connections"). A leading /api/configuration/
// and one trailing slash are accepted; anything outside the configuration
// tree, an empty, `.` or `..` segment, a query string, a fragment or a
// character no SPS endpoint has is an error saying which.
func NormalizePath(p string) (string, error) {
	if p == "" {
		return "", errors.New("the path is empty; give an endpoint relative to " + ConfigurationRoot + ", for example ssh/connections")
	}
	if len(p) > maxPathLength {
		return "", fmt.Errorf("the path is %d characters long; SPS endpoints are far shorter (at most %d accepted)", len(p), maxPathLength)
	}
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		return "", fmt.Errorf("the path %s holds %q: a query string or fragment is not part of an endpoint; give the endpoint alone, for example ssh/connections",
			quoted(p), p[i])
	}
	rel := p
	switch {
	case p == ConfigurationRoot || p == ConfigurationRoot+"/":
		return "", fmt.Errorf("the path %s is the configuration root, not an endpoint; give one under it, for example ssh/connections", quoted(p))
	case strings.HasPrefix(p, ConfigurationRoot+"/"):
		rel = strings.TrimPrefix(p, ConfigurationRoot+"/")
	case strings.HasPrefix(p, "/"), strings.HasPrefix(p, "api/"):
		return "", fmt.Errorf("the path %s is outside %s: give the endpoint relative to %s (ssh/connections) or in full (%s/ssh/connections)",
			quoted(p), ConfigurationRoot, ConfigurationRoot, ConfigurationRoot)
	}
	rel = strings.TrimSuffix(rel, "/")
	for _, seg := range strings.Split(rel, "/") {
		switch {
		case seg == "":
			return "", fmt.Errorf("the path %s has an empty segment (two slashes in a row, or a slash at the start)", quoted(p))
		case seg == "." || seg == "..":
			return "", fmt.Errorf("the path %s has a %q segment; give the endpoint itself, without . or .. segments", quoted(p), seg)
		case !segmentPattern.MatchString(seg):
			return "", fmt.Errorf("the path %s has the segment %s; SPS endpoint names are made of letters, digits, _ and -", quoted(p), quoted(seg))
		}
	}
	return rel, nil
}

// APIPath is the URL path of the endpoint rel (from NormalizePath).
func APIPath(rel string) string { return ConfigurationRoot + "/" + rel }

// ValidateKey checks an object's key as a configuration or import ID gives
// it: SPS keys are numbers (negative for built-in objects) and hex or
// UUID strings. The client escapes whatever it sends, so this refuses only
// what cannot name one object directly under its path, or is surely a
// mistake.
func ValidateKey(k string) error {
	switch {
	case k == "":
		return errors.New("the key is empty")
	case len(k) > maxPathLength:
		return fmt.Errorf("the key is %d characters long (at most %d accepted)", len(k), maxPathLength)
	case k == "." || k == "..":
		return fmt.Errorf("the key %q names no object", k)
	case strings.ContainsAny(k, `/\`):
		return fmt.Errorf("the key %s holds a slash; a key names one object directly under its path (the path goes in path)", quoted(k))
	case strings.ContainsAny(k, "?#"):
		return fmt.Errorf("the key %s holds a query string or fragment", quoted(k))
	case strings.IndexFunc(k, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		return fmt.Errorf("the key %s holds a space or control character; SPS keys have none", quoted(k))
	}
	return nil
}

// ObjectID is the id (and import ID) of the object key under rel.
func ObjectID(rel, key string) string { return rel + "/" + key }

// ParseObjectID splits an import ID <path>/<key> (the path relative or
// in full) into the normalised path and the key.
func ParseObjectID(id string) (rel, key string, err error) {
	i := strings.LastIndex(id, "/")
	if i <= 0 || i == len(id)-1 {
		return "", "", fmt.Errorf("the import ID %s is not <path>/<key>; for example ssh/connections/-200 or %s/ssh/connections/-200",
			quoted(id), ConfigurationRoot)
	}
	rel, err = NormalizePath(id[:i])
	if err != nil {
		return "", "", err
	}
	key = id[i+1:]
	if err := ValidateKey(key); err != nil {
		return "", "", err
	}
	return rel, key, nil
}

// quoted shows a user's value in a message: quoted, control characters
// escaped, and cut after 80 characters so a pasted document does not fill
// the terminal.
func quoted(s string) string {
	const limit = 80
	if r := []rune(s); len(r) > limit {
		return fmt.Sprintf("%q…", string(r[:limit]))
	}
	return fmt.Sprintf("%q", s)
}
