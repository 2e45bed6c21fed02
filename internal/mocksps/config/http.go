package config

import (
	"net/http"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/httpapi"
)

// MethodNotAllowed answers 405 MethodNotAllowed; the handler must already
// have set the Allow header, which the message repeats.
func MethodNotAllowed(w http.ResponseWriter, r *http.Request) {
	httpapi.WriteError(w, r, http.StatusMethodNotAllowed, "MethodNotAllowed",
		r.Method+" is not allowed on "+r.URL.Path+"; allowed methods: "+w.Header().Get("Allow"), nil)
}

// NotFound answers 404 NotFound.
func NotFound(w http.ResponseWriter, r *http.Request, msg string) {
	httpapi.WriteError(w, r, http.StatusNotFound, "NotFound", msg, nil)
}
