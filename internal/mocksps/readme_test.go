package mocksps

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestReadmeListsEveryErrorType keeps README.md's "Error types the mock
// emits" table complete: it collects every error type the mock's code can
// write (the type argument of httpapi.WriteError, of the audit package's
// badRequest and queryErr, and the values given to variables named typ or
// errType) and fails for each one the table lacks.
func TestReadmeListsEveryErrorType(t *testing.T) {
	emitted := map[string]string{} // type -> where
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		add := func(e ast.Expr) {
			lit, ok := e.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return
			}
			if s, err := strconv.Unquote(lit.Value); err == nil {
				emitted[s] = fset.Position(lit.Pos()).String()
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				switch fn := x.Fun.(type) {
				case *ast.SelectorExpr:
					if fn.Sel.Name == "WriteError" && len(x.Args) >= 4 {
						add(x.Args[3])
					}
				case *ast.Ident:
					if (fn.Name == "badRequest" || fn.Name == "queryErr") && len(x.Args) >= 1 {
						add(x.Args[0])
					}
				}
			case *ast.AssignStmt:
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok && (id.Name == "typ" || id.Name == "errType") && i < len(x.Rhs) {
						add(x.Rhs[i])
					}
				}
			case *ast.ValueSpec:
				for i, id := range x.Names {
					if (id.Name == "typ" || id.Name == "errType") && i < len(x.Values) {
						add(x.Values[i])
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(emitted) < 10 {
		t.Fatalf("found only %d error types in the mock's code (%v); the scan is broken", len(emitted), emitted)
	}

	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(readme), "## Error types the mock emits")
	if !ok {
		t.Fatal(`README.md has no "## Error types the mock emits" section`)
	}
	table, _, _ = strings.Cut(table, "\n## ")
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| *[0-9]{3} *\\| *`([A-Za-z]+)`").FindAllStringSubmatch(table, -1) {
		listed[m[1]] = true
	}
	var missing []string
	for typ, where := range emitted {
		if !listed[typ] {
			missing = append(missing, typ+" (emitted at "+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("README.md's error table lacks %s", m)
	}
}
