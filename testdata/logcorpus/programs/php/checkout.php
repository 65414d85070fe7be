<?php
// A checkout script for the log corpus, run once per request by the
// supervisor with log_errors on and error_log set to the log file: PHP
// writes warnings and uncaught exceptions ("PHP Fatal error:  Uncaught ...
// Stack trace: #0 ...") there, each line with its timestamp.

class PaymentException extends RuntimeException {}

function price(array $catalog, string $sku): int
{
    return $catalog[$sku] ?? 0;
}

function discount(array $order): int
{
    return $order['coupon_value'] * 2; // warning when there is no coupon
}

function charge(int $amount, string $card): void
{
    if ($card === 'expired') {
        throw new PaymentException("card expired for amount $amount");
    }
}

function quantity(string $q): int
{
    return intdiv(10, (int)$q);
}

$mode = $argv[1] ?? 'ok';
$order = ['sku' => 'apple'];
$amount = price(['apple' => 3], $order['sku']) - discount($order);
if ($mode === 'expired') {
    charge($amount, 'expired');
} elseif ($mode === 'zero') {
    quantity('0');
}
echo "checkout ok\n";
