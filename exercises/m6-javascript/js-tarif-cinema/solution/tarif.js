function tarif(age, etudiant) {
  if (age < 14) {
    return 5;
  }
  if (etudiant || age >= 65) {
    return 7;
  }
  return 10;
}
