package main

import (
	"time"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
)

// addSessions fills the session database: -sessions generated sessions
// (reproducible from -seed) plus those loaded from -sessions-file.
func addSessions(cfg *mocksps.Config, o *options) error {
	st := audit.NewStore()
	if o.sessions > 0 {
		st.Merge(audit.Generate(o.sessions, o.seed, time.Now()))
	}
	if o.sessionsFile != "" {
		loaded, err := audit.LoadFile(o.sessionsFile)
		if err != nil {
			return err
		}
		st.Merge(loaded)
	}
	cfg.Audit = st
	return nil
}
