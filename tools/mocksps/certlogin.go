package main

import (
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// certUserFlags collects repeated -cert-user SUBJECT=USER values.
type certUserFlags map[string]string

func (c certUserFlags) String() string { return fmt.Sprint(len(c), " certificate user(s)") }

func (c certUserFlags) Set(v string) error {
	// The user is after the last '=': subjects hold '=' (CN=alice,O=x).
	i := strings.LastIndex(v, "=")
	if i <= 0 || i == len(v)-1 {
		return errors.New("want SUBJECT=USER, for example CN=alice=admin or \"CN=alice,O=Example=admin\"")
	}
	c[v[:i]] = v[i+1:]
	return nil
}

// certLoginFlags registers the flags of certificate login.
func certLoginFlags(fs *flag.FlagSet, o *options) {
	o.certUsers = certUserFlags{}
	fs.StringVar(&o.clientCA, "client-ca", "", "enable client certificate login (GET /api/authentication?type=x509): "+
		"trust client certificates signed by the CAs in this PEM `file`; map them to users with -cert-user")
	fs.Var(o.certUsers, "cert-user", "map a client certificate to a user: `SUBJECT=USER`, SUBJECT the certificate's "+
		"common name or full RFC 2253 subject (CN=alice,O=Example), USER one of -user; repeatable")
}

// checkCertLogin checks the certificate login flags together.
func checkCertLogin(o *options) error {
	switch {
	case o.clientCA != "" && o.plain:
		return errors.New("-client-ca needs TLS; drop -plain-http")
	case len(o.certUsers) > 0 && o.clientCA == "":
		return errors.New("-cert-user needs -client-ca (the CA that signs the client certificates)")
	}
	return nil
}

// enableCertLogin makes the server ask for client certificates signed by
// the CAs of -client-ca.
func enableCertLogin(o *options, cfg *tls.Config) error {
	if o.clientCA == "" {
		return nil
	}
	caPEM, err := os.ReadFile(o.clientCA)
	if err != nil {
		return fmt.Errorf("-client-ca: %w", err)
	}
	if err := mocksps.RequireClientCertificates(cfg, caPEM); err != nil {
		return fmt.Errorf("-client-ca %s: %w", o.clientCA, err)
	}
	return nil
}
