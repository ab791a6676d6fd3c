namespace RiskScoring.Profiles;

/// <summary>
/// One credit line the borrower holds. Amounts are in the lender's currency units.
/// For <see cref="CreditLineKind.Revolving"/> lines <see cref="Limit"/> and <see cref="Balance"/> are used;
/// for <see cref="CreditLineKind.Instalment"/> loans <see cref="Balance"/> is the outstanding principal and
/// <see cref="MonthlyInstalment"/> the contractual monthly payment.
/// </summary>
/// <param name="Kind">Revolving line or instalment loan.</param>
/// <param name="Limit">Credit limit of a revolving line (currency units, ≥ 0); 0 for an instalment loan.</param>
/// <param name="Balance">Current balance of a revolving line or outstanding principal of a loan (currency units, ≥ 0).</param>
/// <param name="MonthlyInstalment">Monthly instalment of a loan (currency units per month, ≥ 0); 0 for a revolving line.</param>
public readonly record struct CreditLine(CreditLineKind Kind, double Limit, double Balance, double MonthlyInstalment = 0)
{
    /// <summary>Creates a revolving line.</summary>
    /// <param name="limit">Credit limit (currency units, ≥ 0).</param>
    /// <param name="balance">Current balance (currency units, ≥ 0).</param>
    /// <returns>The line.</returns>
    public static CreditLine Revolving(double limit, double balance) => new(CreditLineKind.Revolving, limit, balance);

    /// <summary>Creates an instalment loan.</summary>
    /// <param name="outstandingPrincipal">Outstanding principal (currency units, ≥ 0).</param>
    /// <param name="monthlyInstalment">Monthly instalment (currency units per month, ≥ 0).</param>
    /// <returns>The loan.</returns>
    public static CreditLine Instalment(double outstandingPrincipal, double monthlyInstalment) =>
        new(CreditLineKind.Instalment, 0, outstandingPrincipal, monthlyInstalment);
}
