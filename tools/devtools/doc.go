// Package devtools pins the developer tools this project runs, golangci-lint
// and gotestsum, in a module of their own, so their dependencies never leak
// into the provider's go.mod. The GNUmakefile builds them into ./bin with
// `go build -C tools/devtools`.
package devtools
