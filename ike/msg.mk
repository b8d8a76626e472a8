# IKEv2 message codec
