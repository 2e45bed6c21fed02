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
		st.Merge(audit.Generate(o.sessions, o.seed, generationTime(o.now)))
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

// generationTime is the instant generated sessions lead up to. Generation is
// deterministic for (count, seed, time); defaulting to the start of the
// current hour keeps the data recent and still identical across restarts
// within that hour, and -now pins it for good.
func generationTime(flagValue string) time.Time {
	if t, err := time.Parse(time.RFC3339, flagValue); err == nil {
		return t
	}
	return time.Now().UTC().Truncate(time.Hour)
}

func validRFC3339(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}
