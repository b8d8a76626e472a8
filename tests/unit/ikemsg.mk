# tests of ikemsg
