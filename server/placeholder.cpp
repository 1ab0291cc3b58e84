// replaced by the server sources
