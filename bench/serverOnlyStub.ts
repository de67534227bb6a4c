// Stands in for 'server-only' in the bench, which runs server and client code in one process.
export {}
