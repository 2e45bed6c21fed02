// Package lint pins the linters this project runs (golangci-lint) in a module
// of their own, so their dependencies never leak into the provider's go.mod.
// Build with: go build -modfile=tools/lint/go.mod ... (see GNUmakefile).
package lint
