package main

import (
	"errors"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps"
)

// addSessions fills the session database from -sessions/-seed and
// -sessions-file (wired once internal/mocksps/audit exists).
func addSessions(cfg *mocksps.Config, o *options) error {
	if o.sessions > 0 || o.sessionsFile != "" {
		return errors.New("-sessions and -sessions-file are not available yet in this build")
	}
	return nil
}
