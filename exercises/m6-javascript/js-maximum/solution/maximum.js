function maximum(nombres) {
  let max = nombres[0];
  for (const nombre of nombres) {
    if (nombre > max) {
      max = nombre;
    }
  }
  return max;
}
