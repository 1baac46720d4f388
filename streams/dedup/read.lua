-- An incident's packed state, version and packed profile, in one round trip (resolver.py
-- _read_incident): the incident a report was matched to, read before merging into it.
-- KEYS[1]: the incident state; KEYS[2]: its profile; ARGV[1]: the profile's key as older builds
-- named it (see common.lua read_profile). Replies {state, version, profile}, "" for any absent.
local version, profile = read_profile(KEYS[2], ARGV[1])
return {redis.call('GET', KEYS[1]) or '', version or '', profile or ''}
