package configobject

import "github.com/terraform-sps/terraform-provider-sps/internal/provider/diagnostics"

// The diagnostics' areas of the generic types: the part of SPS's
// configuration a failure concerns comes from the error (sps.AreaOf), and
// sps_config_object's objects are imported by "<path>/<key>".
var (
	diagObject       = diagnostics.ObjectArea("sps_config_object")
	diagObjectList   = diagnostics.ObjectArea("sps_config_object list")
	diagObjectData   = diagnostics.ConfigArea("sps_config_object data source", nil)
	diagObjectsData  = diagnostics.ConfigArea("sps_config_objects", nil)
	diagSettings     = diagnostics.ConfigArea("sps_config_settings", nil)
	diagSettingsList = diagnostics.ConfigArea("sps_config_settings list", nil)
)
