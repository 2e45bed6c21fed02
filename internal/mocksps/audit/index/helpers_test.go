package index

import (
	"fmt"
	"sync"
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/gen"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/jsondoc"
)

var genNow = time.Date(2024, 5, 17, 15, 30, 0, 0, time.UTC)

// rawDocs is a Source of canonical JSON documents with event texts, as a
// loaded file is: the index must treat it like the generator.
type rawDocs struct {
	keys  []string
	docs  [][]byte
	texts [][]string
}

func (r *rawDocs) Len() int                  { return len(r.keys) }
func (r *rawDocs) Key(i int) string          { return r.keys[i] }
func (r *rawDocs) Doc(i int) []byte          { return r.docs[i] }
func (r *rawDocs) List(int, string) [][]byte { return nil }
func (r *rawDocs) Emit(i int, w jsondoc.Sink) {
	v, _ := jsondoc.Decode(r.docs[i])
	_ = jsondoc.Emit(w, "", v)
}
func (r *rawDocs) Contents(i int, fn func([]byte)) {
	for _, t := range r.texts[i] {
		fn([]byte(t))
	}
}

// termTexts are session s's values in c, with their kinds.
func termTexts(c *column, s int32) []string {
	var out []string
	for _, t := range c.values(s, nil) {
		out = append(out, fmt.Sprintf("%d:%s", c.terms[t].kind, c.terms[t].text()))
	}
	return out
}

var (
	builtMu sync.Mutex
	built   = map[int]*Index{}
	sources = map[int]*gen.Sessions{}
)

// generated is the index of n generated sessions (seed 1), built once.
func generated(n int) (*Index, *gen.Sessions) {
	builtMu.Lock()
	defer builtMu.Unlock()
	if built[n] == nil {
		sources[n] = gen.New(n, 1, genNow)
		built[n] = Build(sources[n])
	}
	return built[n], sources[n]
}
