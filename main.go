// Command terraform-provider-sps serves the Terraform provider for One Identity
// Safeguard for Privileged Sessions (SPS) over plugin protocol 6.
package main

import (
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider"
)

// version is set at build time by goreleaser or the GNUmakefile
// (-ldflags "-X main.version=...").
var version = "dev"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	}
	// The framework's server, wrapped so that large session searches
	// reach Terraform without a detour through framework values (see
	// provider.NewProtocol6Server); tf6server.Serve is what
	// providerserver.Serve runs for protocol 6.
	serve := provider.NewProtocol6Server(provider.New(version)())
	err := tf6server.Serve("registry.terraform.io/terraform-sps/sps", func() tfprotov6.ProviderServer {
		s, err := serve()
		if err != nil {
			// Serve wants a server and has no way to take an error:
			// without one the plugin cannot start, so say why and exit.
			log.Fatalf("starting the provider server: %v", err)
		}
		return s
	}, opts...)
	if err != nil {
		log.Fatal(err)
	}
}
