# The VNC options are a single object; its ID is always "options".
terraform import sps_vnc_options.this options
