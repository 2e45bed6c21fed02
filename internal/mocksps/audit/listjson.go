package audit

import (
	"net/http"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// writeItems writes {"items": [...], "meta": {...}} byte for byte as
// httpapi.WriteJSON would, but splices each item's body in as it is.
// Bodies are canonical compact JSON already (jsonWriter, rawTree), and
// encoding/json re-validates and re-compacts every json.RawMessage it
// encodes: that was half the time of a 500-session fields=* page, and
// search pages are what a client paging through 10,000 sessions waits on.
func writeItems(w http.ResponseWriter, items []listItem, meta map[string]any) {
	size := 64
	for _, it := range items {
		size += len(it.Body) + 2*len(it.Key) + len(sessionsHref) + 40
	}
	b := make([]byte, 0, size)
	b = append(b, `{"items":[`...)
	for i, it := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		if len(it.Body) > 0 { // omitempty
			b = append(b, `"body":`...)
			b = append(b, it.Body...)
			b = append(b, ',')
		}
		b = append(b, `"key":`...)
		b = jsondoc.AppendString(b, it.Key)
		b = append(b, `,"meta":{"href":`...)
		b = jsondoc.AppendString(b, it.Meta.Href)
		b = append(b, "}}"...)
	}
	b = append(b, `],"meta":`...)
	b = append(b, jsondoc.Marshal(meta)...)
	b = append(b, "}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
