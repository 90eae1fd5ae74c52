function prixTTC(ht, taux) {
  const ttc = ht * (1 + taux / 100);
  return Math.round(ttc * 100) / 100;
}
