package provider_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const serviceRooms = "github.com/terraform-sps/terraform-provider-sps/internal/service/"

// TestRoomsAreIndependent: the rooms under internal/service never import
// each other, in their code or their tests; what two rooms share belongs in
// internal/provider/framework. A test rather than a depguard rule because
// depguard cannot say "any room but this one" and so needed one rule per
// room; this covers a new room without an edit.
func TestRoomsAreIndependent(t *testing.T) {
	t.Parallel()
	out, err := exec.CommandContext(t.Context(), "go", "list", "-json", serviceRooms+"...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	rooms := 0
	for {
		var p struct {
			ImportPath                         string
			Imports, TestImports, XTestImports []string
		}
		if err := dec.Decode(&p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rooms++
		room := roomOf(p.ImportPath)
		for _, imp := range slices.Concat(p.Imports, p.TestImports, p.XTestImports) {
			if other := roomOf(imp); other != "" && other != room {
				t.Errorf("room %s imports room %s (%s): move what both need to internal/provider/framework", room, other, imp)
			}
		}
	}
	// A listing that found no room would pass without checking anything.
	if rooms < 5 {
		t.Fatalf("go list found %d packages under %s, want every room", rooms, serviceRooms)
	}
}

// roomOf is the room an import path belongs to ("vnc"), or "" outside
// internal/service.
func roomOf(importPath string) string {
	rest, ok := strings.CutPrefix(importPath, serviceRooms)
	if !ok {
		return ""
	}
	room, _, _ := strings.Cut(rest, "/")
	return room
}
