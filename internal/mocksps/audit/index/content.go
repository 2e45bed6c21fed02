package index

import (
	"strings"
	"sync"
	"unicode"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit/query"
)

// contentIndex maps the distinct event texts of all sessions (command lines,
// Window titles, screen text) to the sessions containing them, and the
// words of those texts to the texts. A content search is evaluated over the
// texts (a word is a dictionary lookup; wildcards run over the vocabulary;
// phrases and punctuation scan the texts), then the sessions of the
// matching texts are collected.
type contentIndex struct {
	texts []string
	post  [][]int32 // text -> sessions, ascending

	once     sync.Once
	lower    []string
	vocab    []string
	tokID    map[string]int32
	tokTexts [][]int32 // word -> texts, ascending
}

type contentBuilder struct {
	dict map[string]int32
	idx  contentIndex
}

func newContentBuilder() *contentBuilder { return &contentBuilder{dict: map[string]int32{}} }

// addBytes adds a text of session s from a reused buffer: the lookup does
// not allocate, only a new text is copied.
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

func (b *contentBuilder) finish() *contentIndex {
	return &contentIndex{texts: b.idx.texts, post: b.idx.post}
}

// prepare lower-cases the texts and builds the word index on first use.
func (c *contentIndex) prepare() {
	c.once.Do(func() {
		c.lower = make([]string, len(c.texts))
		c.tokID = map[string]int32{}
		for i, t := range c.texts {
			c.lower[i] = strings.ToLower(t)
			for _, tok := range Tokenize(c.lower[i]) {
				id, ok := c.tokID[tok]
				if !ok {
					id = int32(len(c.vocab))
					c.tokID[tok] = id
					c.vocab = append(c.vocab, tok)
					c.tokTexts = append(c.tokTexts, nil)
				}
				if p := c.tokTexts[id]; len(p) == 0 || p[len(p)-1] != int32(i) {
					c.tokTexts[id] = append(p, int32(i))
				}
			}
		}
	})
}

// evalTexts evaluates a content expression to the set of matching texts.
func (c *contentIndex) evalTexts(n query.Node) (Bitmap, error) {
	return evalBool(n, len(c.texts), func(n query.Node) (Bitmap, error) {
		switch x := n.(type) {
		case *query.Term:
			return c.termTexts(x), nil
		case *query.Range:
			return nil, queryError(x.Pos, "", "ranges are not supported in content search")
		}
		return NewBitmap(len(c.texts)), nil
	})
}

// termTexts applies one content term with the same rules as compileText.
func (c *contentIndex) termTexts(t *query.Term) Bitmap {
	out := NewBitmap(len(c.texts))
	addWord := func(id int32) {
		for _, i := range c.tokTexts[id] {
			out.Set(i)
		}
	}
	switch {
	case !t.Phrase && t.Glob == nil && onlyTokenRunes(t.Text):
		if id, ok := c.tokID[strings.ToLower(t.Text)]; ok {
			addWord(id)
		}
	case !t.Phrase && t.Glob != nil && onlyTokenRunes(t.Text):
		for id, tok := range c.vocab {
			if t.Glob.Match(tok) {
				addWord(int32(id))
			}
		}
	default:
		m := compileText(t)
		for i, l := range c.lower {
			if m(l, nil) {
				out.Set(int32(i))
			}
		}
	}
	return out
}

// isTokenRune says which characters make up words in content search.
func isTokenRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' }

func Tokenize(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !isTokenRune(r) })
}

// onlyTokenRunes reports whether s is a single word (wildcards allowed).
func onlyTokenRunes(s string) bool {
	for _, r := range s {
		if !isTokenRune(r) && r != '*' && r != '?' {
			return false
		}
	}
	return s != ""
}
