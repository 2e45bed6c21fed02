package faults

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAdminAddListClear(t *testing.T) {
	t.Parallel()
	in := New(99, Hooks{})
	srv, _ := serve(t, in)
	c := srv.Client()
	url := srv.URL + AdminPath

	status, body, _, err := do(t, c, "POST", url, `{"kind":"status","match":"GET /api/info","status":500}`)
	if err != nil || status != 201 {
		t.Fatalf("add one: %d %v %v", status, body, err)
	}
	if ids, _ := body["ids"].([]any); len(ids) != 1 || ids[0] != "f1" {
		t.Errorf("ids %v", body["ids"])
	}
	status, body, _, err = do(t, c, "POST", url, `[{"kind":"latency","delay":"1ms"},{"kind":"drop_after","match":"DELETE /api/**","count":-1}]`)
	if err != nil || status != 201 {
		t.Fatalf("add list: %d %v %v", status, body, err)
	}
	if added, _ := body["faults"].([]any); len(added) != 2 {
		t.Errorf("faults %v", body["faults"])
	}

	// The armed rule acts on the API, and the stats show it.
	if status, _, _, _ := do(t, c, "GET", srv.URL+"/api/info", ""); status != 500 {
		t.Fatalf("armed status fault: %d", status)
	}
	status, body, _, err = do(t, c, "GET", url, "")
	if err != nil || status != 200 {
		t.Fatalf("list: %d %v", status, err)
	}
	faults, _ := body["faults"].([]any)
	if len(faults) != 3 {
		t.Fatalf("listed %v", body["faults"])
	}
	first := faults[0].(map[string]any)
	if first["id"] != "f1" || first["injected"] != float64(1) || first["matched"] != float64(1) {
		t.Errorf("first fault %v", first)
	}
	stats := body["stats"].(map[string]any)
	if stats["total"] != float64(2) || stats["by_kind"].(map[string]any)["status"] != float64(1) {
		t.Errorf("stats %v", stats) // status + latency fired on GET /api/info
	}
	if body["seed"] != float64(99) || body["latency"] != "0s" {
		t.Errorf("seed/latency %v %v", body["seed"], body["latency"])
	}

	// One fault by ID, then removal.
	if status, body, _, _ = do(t, c, "GET", url+"/f2", ""); status != 200 || body["body"].(map[string]any)["kind"] != "latency" {
		t.Errorf("get f2: %d %v", status, body)
	}
	if status, _, _, _ = do(t, c, "DELETE", url+"/f2", ""); status != 200 {
		t.Errorf("delete f2: %d", status)
	}
	if status, body, _, _ = do(t, c, "GET", url+"/f2", ""); status != 404 {
		t.Errorf("get removed f2: %d", status)
	} else if typ, _, _ := errorOf(t, body); typ != "NotFound" {
		t.Errorf("type %q", typ)
	}

	if status, _, _, _ = do(t, c, "DELETE", url, ""); status != 200 {
		t.Errorf("clear: %d", status)
	}
	if len(in.List()) != 0 || in.Injected().Total != 0 {
		t.Errorf("after clear: %v %+v", in.List(), in.Injected())
	}
}

func TestAdminLatency(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	srv, _ := serve(t, in)
	url := srv.URL + AdminPath + "/latency"
	status, body, _, err := do(t, srv.Client(), "PUT", url, `{"latency":"15ms"}`)
	if err != nil || status != 200 || body["latency"] != "15ms" {
		t.Fatalf("put: %d %v %v", status, body, err)
	}
	if in.Latency() != 15*time.Millisecond {
		t.Errorf("Latency() = %v", in.Latency())
	}
	for _, bad := range []string{`{}`, `{"latency":"-1s"}`, `{"latency":3}`, `nope`} {
		if status, _, _, _ := do(t, srv.Client(), "PUT", url, bad); status != 400 {
			t.Errorf("PUT %s: %d, want 400", bad, status)
		}
	}
	if in.Latency() != 15*time.Millisecond {
		t.Error("a refused PUT changed the latency")
	}
}

func TestAdminBadInput(t *testing.T) {
	t.Parallel()
	in := New(1, Hooks{})
	srv, _ := serve(t, in)
	c := srv.Client()
	url := srv.URL + AdminPath
	for _, tc := range []struct {
		method, path, body string
		status             int
		typ                string
	}{
		{"POST", "", `{"kind":`, 400, "SyntacticError"},
		{"POST", "", `not json`, 400, "SyntacticError"},
		{"POST", "", `{"kind":"status","propability":0.5}`, 400, "SyntacticError"},
		{"POST", "", `{"kind":"status"} {"kind":"status"}`, 400, "SyntacticError"},
		{"POST", "", `{"kind":"status","count":"1"}`, 400, "SyntacticError"},
		{"POST", "", `[]`, 400, "SemanticError"},
		{"POST", "", ``, 400, "SyntacticError"},
		{"POST", "", `null`, 400, "SemanticError"},
		{"POST", "", `{"kind":"teleport"}`, 400, "SemanticError"},
		{"POST", "", `[{"kind":"status"},{"kind":"lock","delay":"1s"}]`, 400, "SemanticError"},
		{"POST", "", `{"kind":"status","match":"PUT /api/[oops"}`, 400, "SemanticError"},
		{"POST", "", strings.Repeat(" ", 2<<20) + `{}`, 400, "SyntacticError"},
		{"PATCH", "", `{}`, 405, "MethodNotAllowed"},
		{"POST", "/latency", `{}`, 405, "MethodNotAllowed"},
		{"PUT", "/f1", `{}`, 405, "MethodNotAllowed"},
		{"DELETE", "/f404", ``, 404, "NotFound"},
		{"GET", "/a/b", ``, 404, "NotFound"},
	} {
		t.Run(fmt.Sprintf("%s %s %.30q", tc.method, tc.path, tc.body), func(t *testing.T) {
			status, body, _, err := do(t, c, tc.method, url+tc.path, tc.body)
			if err != nil {
				t.Fatalf("%s %s: %v", tc.method, tc.path, err)
			}
			if status != tc.status {
				t.Errorf("%s %s %.40q: %d, want %d (%v)", tc.method, tc.path, tc.body, status, tc.status, body)
				return
			}
			if typ, _, _ := errorOf(t, body); typ != tc.typ {
				t.Errorf("%s %s %.40q: type %q, want %q", tc.method, tc.path, tc.body, typ, tc.typ)
			}
		})
	}
	if n := len(in.List()); n != 0 {
		t.Errorf("bad input armed %d faults", n)
	}
	// The index of the bad element is reported.
	_, body, _, _ := do(t, c, "POST", url, `[{"kind":"status"},{"kind":"lock","delay":"1s"}]`)
	if _, _, details := errorOf(t, body); details["index"] != float64(1) {
		t.Errorf("details %v", details)
	}
}
