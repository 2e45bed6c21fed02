package options

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/terraform-sps/terraform-provider-sps/internal/provider/framework"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// protocol is one row of the table: what differs between the options of
// two protocols. Everything else is the one definition.
type protocol struct {
	name  string // the path segment: "ssh" serves ssh/options as sps_ssh_options
	title string // for people: "SSH"
	// switches are the documented {"enabled"} objects beside service that
	// only this protocol has (SSH: gssapi), with their descriptions.
	switches []protocolSwitch
	// vncWords: the descriptions and value ranges sps_vnc_options has had
	// from the start, kept unchanged (doc.go says why the others differ).
	vncWords bool
	// area is the client's area (nil: a new one at <name>/options).
	area *sps.Area
}

type protocolSwitch struct {
	name, doc, enabledDoc string
}

// protocols is the table; sps_<name>_options for each row.
var protocols = []protocol{
	{name: "ssh", title: "SSH", switches: []protocolSwitch{{
		name: "gssapi",
		doc: "The `gssapi` switch of the SSH options (`gssapi.enabled`, shown in the vendor's SSH samples). Leave it " +
			"out to keep whatever the appliance has; it then stays null in state, also after import.",
		enabledDoc: "Turns GSSAPI on (`true`) or off for SSH connections.",
	}}},
	{name: "rdp", title: "RDP"},
	{name: "telnet", title: "Telnet"},
	{name: "http", title: "HTTP"},
	{name: "ica", title: "ICA"},
	{name: "vnc", title: "VNC", vncWords: true, area: sps.VNCOptionsArea},
}

// served is one protocol's definition, type-erased for registration.
type served struct {
	resource   func() resource.Resource
	list       func() list.ListResource
	dataSource func() datasource.DataSource
}

var servedProtocols = func() []served {
	out := make([]served, 0, len(protocols))
	for _, p := range protocols {
		if len(p.switches) > 0 {
			out = append(out, serve[sshOptionsModel](p))
		} else {
			out = append(out, serve[optionsModel](p))
		}
	}
	return out
}()

func serve[M any, P model[M]](p protocol) served {
	def := definition[M, P](p)
	return served{
		resource:   framework.NewSingletonResource(def),
		list:       framework.NewSingletonList(def),
		dataSource: newDataSource[M, P](p, def),
	}
}

// Resources are the constructors of sps_<protocol>_options, for the
// provider's registration.
func Resources() []func() resource.Resource {
	out := make([]func() resource.Resource, len(servedProtocols))
	for i, s := range servedProtocols {
		out[i] = s.resource
	}
	return out
}

// ListResources are the constructors of their list resources.
func ListResources() []func() list.ListResource {
	out := make([]func() list.ListResource, len(servedProtocols))
	for i, s := range servedProtocols {
		out[i] = s.list
	}
	return out
}

// DataSources are the constructors of their data sources.
func DataSources() []func() datasource.DataSource {
	out := make([]func() datasource.DataSource, len(servedProtocols))
	for i, s := range servedProtocols {
		out[i] = s.dataSource
	}
	return out
}
