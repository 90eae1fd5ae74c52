function estMajeur(age) {
  return age >= 18;
}
