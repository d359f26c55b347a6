//! Domain names: RFC 5321 `Domain` syntax, normalisation of user input.
//! OWNER: helper "grammar".
