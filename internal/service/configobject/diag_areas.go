package configobject

import "github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"

// The diagnostics' areas of the generic types. SHIM until diagnostics has
// ConfigArea (foundation's redesign): then diagnostics.ConfigArea(type, nil),
// the failures naming their SPS area through sps.AreaOf.
var (
	diagObject       = diagnostics.AreaSettingsPolicy
	diagObjectList   = diagnostics.AreaSettingsPolicyList
	diagObjectData   = diagnostics.AreaSettingsPolicyData
	diagObjectsData  = diagnostics.AreaSettingsPolicies
	diagSettings     = diagnostics.AreaOptions
	diagSettingsList = diagnostics.AreaOptionsList
)
