package audit

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// writeItems must answer exactly what httpapi.WriteJSON answers for the
// same page: clients and golden tests see no difference.
func TestWriteItemsMatchesWriteJSON(t *testing.T) {
	meta := map[string]any{"href": sessionsHref, "limit": 2, "match_count": 7, "fields": []string{"*"}, "next": nil, "q": `a<b & "c"`}
	pages := map[string][]listItem{
		"empty": {},
		"bodies": {
			{Body: json.RawMessage(`{"a":1,"b":{"c":"x<y>&z \u2028"},"d":[true,null]}`), Key: "svc/5GcQ/ssh:2", Meta: hrefMeta{Href: sessionHref("svc/5GcQ/ssh:2")}},
			{Body: json.RawMessage(`{"name":"Gáspár"}`), Key: `odd"key\`, Meta: hrefMeta{Href: sessionHref(`odd"key\`)}},
		},
		"no_fields": {
			{Key: "k1", Meta: hrefMeta{Href: sessionHref("k1")}},
			{Key: "k2\u2028", Meta: hrefMeta{Href: sessionHref("k2")}},
		},
	}
	for name, items := range pages {
		t.Run(name, func(t *testing.T) {
			want := httptest.NewRecorder()
			httpapi.WriteJSON(want, http.StatusOK, map[string]any{"items": items, "meta": meta})
			got := httptest.NewRecorder()
			writeItems(got, items, meta)
			if got.Code != want.Code || got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
				t.Errorf("status %d %q, want %d %q", got.Code, got.Header().Get("Content-Type"), want.Code, want.Header().Get("Content-Type"))
			}
			if got.Body.String() != want.Body.String() {
				t.Errorf("body\n got %s\nwant %s", got.Body.String(), want.Body.String())
			}
		})
	}
}
