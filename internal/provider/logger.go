package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

var _ sps.Logger = (*tfLogger)(nil)

// logSubsystem is the tflog subsystem the API client logs under; set
// TF_LOG_PROVIDER_SPS_SPS=DEBUG to see only the client's HTTP traffic.
const logSubsystem = "sps"

// tfLogger implements sps.Logger on top of tflog, so the client stays free
// of Terraform imports while its logs land in Terraform's log stream.
//
// The client logs with the context of whichever resource call is running,
// not the one Configure saw, so the subsystem and the secret masks are added
// on every call rather than once.
type tfLogger struct {
	secrets []string // the password, the client key
}

func newTFLogger(secrets ...string) *tfLogger {
	return &tfLogger{secrets: secrets}
}

func (l *tfLogger) prepare(ctx context.Context) context.Context {
	ctx = tflog.NewSubsystem(ctx, logSubsystem)
	ctx = tflog.SubsystemMaskFieldValuesWithFieldKeys(ctx, logSubsystem, sensitiveLogKeys...)
	if len(l.secrets) > 0 {
		ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, l.secrets...)
		ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, l.secrets...)
	}
	return ctx
}

func (l *tfLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemDebug(l.prepare(ctx), logSubsystem, msg, fields)
}

func (l *tfLogger) Info(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemInfo(l.prepare(ctx), logSubsystem, msg, fields)
}

func (l *tfLogger) Warn(ctx context.Context, msg string, fields map[string]any) {
	tflog.SubsystemWarn(l.prepare(ctx), logSubsystem, msg, fields)
}
