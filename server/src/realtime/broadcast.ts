// Temporary: the REST routers still import the rooms from here.
export * from "./rooms";
