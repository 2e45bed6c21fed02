package mocksps

import (
	"net/http"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/transaction"
)

const (
	infoPath   = "/api/info"
	configPath = "/api/configuration"
	auditPath  = "/api/audit"
)

// routes dispatches authenticated requests by path prefix to the area
// handlers; each area answers its own 404s and 405s.
func (s *Server) routes() http.Handler {
	tx := &transaction.Handler{Store: s.store, CommitDelay: s.cfg.CommitDelay}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		switch {
		case p == "/api/authentication":
			s.auth.ServeLogin(w, r)
		case p == "/api":
			s.serveIndex(w, r)
		case p == infoPath:
			s.serveInfo(w, r)
		case under(p, configPath):
			s.tree.ServeHTTP(w, r)
		case under(p, transaction.Path):
			tx.ServeHTTP(w, r)
		case under(p, auditPath):
			s.audit.ServeHTTP(w, r)
		default:
			httpapi.NotFound(w, r, "the mock SPS does not serve "+p+"; GET /api lists what it does")
		}
	})
}

func under(p, prefix string) bool {
	return p == prefix || strings.HasPrefix(p, prefix+"/")
}

func links(parent string, keys ...string) []map[string]any {
	items := make([]map[string]any, 0, len(keys))
	for _, k := range keys {
		items = append(items, map[string]any{"key": k, "meta": map[string]any{"href": parent + "/" + k}})
	}
	return items
}

func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	c, _ := httpapi.CallerFrom(r.Context())
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{
		"items": links("/api", "audit", "authentication", "configuration", "info", "transaction"),
		"meta":  map[string]any{"href": "/api", "parent": nil, "remaining_seconds": c.RemainingSeconds},
	})
}

// serveInfo answers /api/info: a short body for anonymous callers and the
// fuller one, with remaining_seconds, for logged-in ones.
func (s *Server) serveInfo(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	body := map[string]any{
		"hostname": "mocksps", "domainname": "example.invalid", "nickname": "mock SPS",
		"plugin_sdk_version": "1.0.0", "support_link": "https://support.oneidentity.com/",
	}
	meta := map[string]any{"href": infoPath, "parent": "/api"}
	if c, ok := httpapi.CallerFrom(r.Context()); ok {
		body["firmware_version"] = "7.5.0-mock"
		body["version"] = "7.5.0"
		body["build_date"] = "2024-01-01"
		body["config_hash"] = s.configHash()
		body["roles"] = []string{}
		body["analytics_enabled"] = false
		meta["remaining_seconds"] = c.RemainingSeconds
	}
	httpapi.WriteJSON(w, http.StatusOK, map[string]any{"key": "info", "body": body, "meta": meta})
}

// newAuditHandler serves /api/audit from the session database; auth has
// already put the Caller in the context.
func (s *Server) newAuditHandler() http.Handler {
	return s.cfg.Audit.Handler(s.now)
}
