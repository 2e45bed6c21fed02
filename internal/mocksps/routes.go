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

// newAuditHandler serves /api/audit from the session database, as the
// firmware does (info.go); auth has already put the Caller in the context.
func (s *Server) newAuditHandler() http.Handler {
	return s.cfg.Audit.Handler(s.now, s.auditOptions()...)
}
