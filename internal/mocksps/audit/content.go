package audit

import (
	"strings"
	"sync"
	"unicode"
)

// contentIndex maps the distinct event texts of all sessions (command lines,
// window titles, screen text) to the sessions containing them. A content
// search evaluates its expression once per distinct text, then unions the
// sessions of the matching texts.
type contentIndex struct {
	texts []string
	post  [][]int32

	once   sync.Once
	lower  []string
	tokens [][]string
}

type contentBuilder struct {
	dict map[string]int32
	idx  contentIndex
}

func newContentBuilder() *contentBuilder { return &contentBuilder{dict: map[string]int32{}} }

func (b *contentBuilder) add(s int32, text string) {
	id, ok := b.dict[text]
	if !ok {
		id = b.newText(text)
	}
	b.post(s, id)
}

// addBytes is add for a reused buffer: the lookup does not allocate, only a
// new text is copied.
func (b *contentBuilder) addBytes(s int32, text []byte) {
	id, ok := b.dict[string(text)]
	if !ok {
		id = b.newText(string(text))
	}
	b.post(s, id)
}

func (b *contentBuilder) newText(text string) int32 {
	id := int32(len(b.idx.texts))
	b.dict[text] = id
	b.idx.texts = append(b.idx.texts, text)
	b.idx.post = append(b.idx.post, nil)
	return id
}

func (b *contentBuilder) post(s, id int32) {
	if p := b.idx.post[id]; len(p) == 0 || p[len(p)-1] != s {
		b.idx.post[id] = append(p, s)
	}
}

func (b *contentBuilder) finish() contentIndex {
	return contentIndex{texts: b.idx.texts, post: b.idx.post}
}

// prepare lower-cases and tokenizes the texts on first use.
func (c *contentIndex) prepare() {
	c.once.Do(func() {
		c.lower = make([]string, len(c.texts))
		c.tokens = make([][]string, len(c.texts))
		for i, t := range c.texts {
			c.lower[i] = strings.ToLower(t)
			c.tokens[i] = tokenize(c.lower[i])
		}
	})
}

// isTokenRune says which characters make up words in content search.
func isTokenRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

func tokenize(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isTokenRune(r) })
}

// onlyTokenRunes reports whether s is a single word (wildcards allowed).
func onlyTokenRunes(s string) bool {
	for _, r := range s {
		if !isTokenRune(r) && r != '*' && r != '?' {
			return false
		}
	}
	return true
}

func toLower(s string) string { return strings.ToLower(s) }
