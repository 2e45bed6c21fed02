package framework

import (
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
)

// Schema helpers shared by the data sources of every room.

// Constructors of read-only data source attributes. Most of what the data
// sources return is computed-only, so these keep their schemas down to the
// names and descriptions.

func ComputedString(desc string) schema.StringAttribute {
	return schema.StringAttribute{MarkdownDescription: desc, Computed: true}
}

func ComputedInt64(desc string) schema.Int64Attribute {
	return schema.Int64Attribute{MarkdownDescription: desc, Computed: true}
}

func ComputedBool(desc string) schema.BoolAttribute {
	return schema.BoolAttribute{MarkdownDescription: desc, Computed: true}
}

// ComputedObject is a computed nested object with the given attributes.
func ComputedObject(desc string, attrs map[string]schema.Attribute) schema.SingleNestedAttribute {
	return schema.SingleNestedAttribute{MarkdownDescription: desc, Computed: true, Attributes: attrs}
}

// ComputedList is a computed list of nested objects with the given
// attributes.
func ComputedList(desc string, attrs map[string]schema.Attribute) schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		MarkdownDescription: desc,
		Computed:            true,
		NestedObject:        schema.NestedAttributeObject{Attributes: attrs},
	}
}

// MapAll converts every element of in with f. The result is never nil, so
// an empty answer from SPS becomes an empty list in state, not null.
func MapAll[T, M any](in []T, f func(T) M) []M {
	out := make([]M, 0, len(in))
	for _, v := range in {
		out = append(out, f(v))
	}
	return out
}
