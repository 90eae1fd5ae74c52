function table(n) {
  const lignes = [];
  for (let i = 1; i <= 10; i++) {
    lignes.push(`${n} x ${i} = ${n * i}`);
  }
  return lignes;
}
