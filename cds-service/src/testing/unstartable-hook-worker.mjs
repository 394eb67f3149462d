// A hook worker that dies before it is ready, as one would with a broken install.
process.exit(7);
