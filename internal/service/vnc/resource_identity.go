package vnc

// Resource identity (Terraform 1.12+, OpenTofu 1.12+): the data that
// names one object on the appliance, kept in state beside the attributes so
// `import { identity = {...} }` blocks, `terraform query` and list results
// can refer to a resource without the provider-specific import ID string.
//
// The settings policy has the key identity ({ key }), which the area machinery
// sets at the end of Create, Read, Update and ImportState. Read sets it even
// when the prior state has none: state written by Terraform 1.11 (no
// identity support) gets it on the first refresh after the upgrade.

const (
	descPolicyIdentityKey = "The SPS key of the policy, as `key` in the REST API and `id` in state: a negative " +
		"number for the built-in policies (`-30211` for `default`), a UUID for the others."
)
