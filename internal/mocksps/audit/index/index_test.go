package index

import (
	"slices"
	"strings"
	"testing"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/gen"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

// Indexing generated sessions straight from the generator must give the
// same columns as indexing their rendered documents, as a loaded file is.
func TestGeneratedIndexMatchesRenderedIndex(t *testing.T) {
	t.Parallel()
	g := gen.New(300, 9, genNow)
	raw := &rawDocs{}
	for i := range g.Len() {
		raw.keys = append(raw.keys, g.Key(i))
		raw.docs = append(raw.docs, g.Doc(i))
		var texts []string
		g.Contents(i, func(b []byte) { texts = append(texts, string(b)) })
		raw.texts = append(raw.texts, texts)
	}
	gi, li := Build(g), Build(raw)
	if len(li.cols) != len(gi.cols) || len(gi.cols) == 0 {
		t.Fatalf("columns: rendered %d, generated %d", len(li.cols), len(gi.cols))
	}
	for path, gc := range gi.cols {
		lc := li.cols[path]
		if lc == nil {
			t.Fatalf("column %s missing from the rendered index", path)
		}
		for s := range int32(g.Len()) {
			if gv, lv := termTexts(gc, s), termTexts(lc, s); !slices.Equal(gv, lv) {
				t.Fatalf("column %s session %d: generated %v, rendered %v", path, s, gv, lv)
			}
		}
	}
	if len(li.text.texts) != len(gi.text.texts) || !slices.Equal(li.order, gi.order) {
		t.Fatalf("content texts %d vs %d, or another default order", len(li.text.texts), len(gi.text.texts))
	}
}

// The content index (word dictionary, vocabulary wildcards, text scans)
// must agree with evaluating the expression on each event's text.
func TestContentIndexAgreesWithPerEventMatching(t *testing.T) {
	t.Parallel()
	g := gen.New(1500, 21, genNow)
	ix := Build(g)
	texts := make([][]string, g.Len()) // lower-cased event contents per session
	for i := range g.Len() {
		for _, ev := range g.List(i, jsondoc.ListEvents) {
			obj, _ := jsondoc.Decode(ev)
			texts[i] = append(texts[i], lowerText(obj.(map[string]any)["content"]))
		}
	}
	for _, expr := range []string{"sudo", "SUDO", "sud?", "sy*ctl", `"sudo systemctl"`, "/etc/passwd", "24hrs.txt OR passwd",
		"sudo AND NOT restart", "NOT ls", "regist*", "lnx-01", "Invoice", "rm -rf", "content:(sudo iptables) AND NOT content:-L"} {
		t.Run(expr, func(t *testing.T) {
			n, err := ParseContent(expr)
			if err != nil {
				t.Fatalf("%s: %v", expr, err)
			}
			got, err := ix.ContentSessions(n)
			if err != nil {
				t.Fatal(err)
			}
			tq, _ := CompileTextQuery(n)
			want := NewBitmap(ix.Len())
			for i, ts := range texts {
				for _, lower := range ts {
					if tq(lower, Tokenize(lower)) {
						want.Set(int32(i))
						break
					}
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("content=%s: index finds %d sessions, per-event matching %d", expr, got.Count(), want.Count())
			}
			if want.Count() == 0 {
				t.Errorf("content=%s matches nothing: the case proves nothing", expr)
			}
		})
	}
}

func TestSortPackedAndGeneralAgree(t *testing.T) {
	t.Parallel()
	ix, _ := generated(3000)
	all := FullBitmap(ix.Len())
	for _, sort := range []string{"duration", "-duration,start_time", "protocol,-client.port,name", "-verdict,analytics.interesting_events,-end_time", "user.server_username,-revision"} {
		t.Run(sort, func(t *testing.T) {
			var specs []SortSpec
			for _, f := range strings.Split(sort, ",") {
				name, desc := strings.CutPrefix(f, "-")
				specs = append(specs, SortSpec{Field: name, Desc: desc})
			}
			packed := ix.sortedPacked(all, specs, 100, 500, true)
			general := ix.sortedPacked(all, specs, 100, 500, false)
			if !slices.Equal(packed, general) || len(packed) != 500 {
				t.Fatalf("sort=%s: packed and general orders differ", sort)
			}
		})
	}
}
