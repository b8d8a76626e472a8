# interop tests against strongSwan (root only)
