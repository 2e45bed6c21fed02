package audit

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/audit"
	"github.com/terraform-sps/terraform-provider-sps/internal/mocksps/mockspstest"
	"github.com/terraform-sps/terraform-provider-sps/internal/sps"
)

// searchAll reads every session of st through the client.
func searchAll(t *testing.T, st *audit.Store) []sps.Session {
	t.Helper()
	ts := mockspstest.Start(t, mockspstest.WithAudit(st), mockspstest.WithNow(auditNow))
	c, err := sps.New(sps.Config{URL: ts.URL, Username: mockspstest.AuditorUser, Password: mockspstest.AuditorPassword})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.SearchSessions(context.Background(), sps.SessionQuery{MaxResults: 2000})
	if err != nil {
		t.Fatal(err)
	}
	return res.Sessions
}

// TestSessionEncoderMatchesFramework: the bytes the streaming encoder
// writes are the bytes terraform-plugin-go writes for the framework values
// that sessionAttrValues (the sps_audit_session conversion) builds, for
// every session of the vendor sample and of a generated database.
func TestSessionEncoderMatchesFramework(t *testing.T) {
	t.Parallel()
	vendor, err := audit.LoadFile(vendorSample)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, st := range map[string]*audit.Store{"vendor_sample": vendor, "generated": audit.Generate(700, 11, auditNow)} {
		sessions := searchAll(t, st)
		elems := make([]attr.Value, len(sessions))
		for i := range sessions {
			v := sessionAttrValues(&sessions[i])
			v["id"] = types.StringValue(sessions[i].ID)
			elems[i] = types.ObjectValueMust(auditSessionElemType.AttrTypes, v)
		}
		listType := types.ListType{ElemType: auditSessionElemType}
		want, err := types.ListValueMust(auditSessionElemType, elems).ToTerraformValue(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantBytes, err := tfprotov6.NewDynamicValue(listType.TerraformType(ctx), want)
		if err != nil {
			t.Fatal(err)
		}
		enc, err := newSessionEncoder(nil)
		if err != nil {
			t.Fatal(err)
		}
		// Encoded in pages of 3 and joined, as a search does.
		var items [][]byte
		for chunk := range slices.Chunk(sessions, 3) {
			page, err := enc.page(chunk)
			if err != nil {
				t.Fatal(err)
			}
			items = append(items, page...)
		}
		got, err := encodeSessionList(items)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, wantBytes.MsgPack) {
			t.Errorf("%s: encoded sessions differ from terraform-plugin-go's encoding (%d vs %d bytes)", name, len(got), len(wantBytes.MsgPack))
		}
		// And they decode back to the same values.
		back, err := (&tfprotov6.DynamicValue{MsgPack: got}).Unmarshal(listType.TerraformType(ctx))
		if err != nil || !back.Equal(want) {
			t.Errorf("%s: decoded back to different values (err %v)", name, err)
		}
	}
}

// TestSessionEncoderAttributes: the encoder's table names exactly the
// attributes of the schema's session element.
func TestSessionEncoderAttributes(t *testing.T) {
	t.Parallel()
	var got []string
	for _, c := range elementColumns {
		got = append(got, c.name)
	}
	var want []string
	for name := range auditSessionElemType.AttrTypes {
		want = append(want, name)
	}
	sort.Strings(want)
	if !slices.Equal(got, want) {
		t.Fatalf("encoder attributes %v, schema %v", got, want)
	}
}

// TestSpliceAttributeRefusesUnexpectedState: the splice only replaces a
// null attribute that exists; anything else is an error, never a state
// with two values or a lost one.
func TestSpliceAttributeRefusesUnexpectedState(t *testing.T) {
	t.Parallel()
	typ := tftypes.Object{AttributeTypes: map[string]tftypes.Type{"a": tftypes.String, "sessions": tftypes.List{ElementType: tftypes.String}}}
	enc := func(v map[string]tftypes.Value) []byte {
		dv, err := tfprotov6.NewDynamicValue(typ, tftypes.NewValue(typ, v))
		if err != nil {
			t.Fatal(err)
		}
		return dv.MsgPack
	}
	list := stringList("x", "y")
	listBytes, err := tfprotov6.NewDynamicValue(list.Type(), list)
	if err != nil {
		t.Fatal(err)
	}
	nullState := enc(map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "v"), "sessions": tftypes.NewValue(typ.AttributeTypes["sessions"], nil)})
	got, err := spliceAttribute(nullState, "sessions", listBytes.MsgPack)
	if err != nil {
		t.Fatal(err)
	}
	want := enc(map[string]tftypes.Value{"a": tftypes.NewValue(tftypes.String, "v"), "sessions": list})
	if !bytes.Equal(got, want) {
		t.Fatal("spliced state differs from the state encoded whole")
	}
	if _, err := spliceAttribute(want, "sessions", listBytes.MsgPack); err == nil {
		t.Error("spliced over a value that was not null")
	}
	if _, err := spliceAttribute(nullState, "other", listBytes.MsgPack); err == nil {
		t.Error("spliced an attribute the state does not have")
	}
}
