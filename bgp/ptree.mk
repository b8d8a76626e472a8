# The prefix tree (Patricia trie) under the RIB.
bgp_libbgp_a_SOURCES += bgp/ptree.c bgp/ptree.h bgp/ptree_internal.h bgp/ptree_walk.c
