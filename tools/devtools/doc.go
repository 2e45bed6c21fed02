// Package devtools pins the developer tools this project runs, golangci-lint,
// gotestsum and tfplugindocs, in a module of their own, so their dependencies
// (tfplugindocs brings sprig, goldmark and a CLI framework) never enter the
// provider's module graph. The GNUmakefile builds them into ./bin with
// `go build -C tools/devtools`; add one with
// `go get -C tools/devtools -tool <package>@<version>`.
package devtools
