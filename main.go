// Command terraform-provider-sps serves the Terraform provider for One Identity
// Safeguard for Privileged Sessions (SPS) over plugin protocol 6.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
)

// version is set at build time by goreleaser or the GNUmakefile
// (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/terraform-sps/sps",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
