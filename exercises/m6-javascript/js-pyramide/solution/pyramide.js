function pyramide(n, car) {
  const lignes = [];
  for (let i = 1; i <= n; i++) {
    lignes.push(car.repeat(i));
  }
  return lignes.join("\n");
}
